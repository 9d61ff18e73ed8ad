package dev.propel.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: documented exit codes, one line per failure, the stack trace only on request. */
class PropelCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return PropelCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpDocumentsExitCodesAndVerbose() {
        assertEquals(0, run("--help", "--verbose"));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("exit codes: 0 done, 1 failed, 2 bad usage or input"), help);
        assertTrue(help.contains("--verbose"), help);
    }

    @Test
    void anUnknownCommandIsExitTwoWithoutAStackTrace() {
        assertEquals(2, run("frobnicate"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("unknown or not yet available command 'frobnicate'"), e);
        assertTrue(!e.contains("\tat "), e);
    }

    @Test
    void aFailureIsOneLineAndTheTraceOnlyWithVerbose(@TempDir Path dir) throws Exception {
        Path notAnEventFile = Files.createDirectories(dir.resolve("events.json"));
        int code = run("eval", "next-item", "--train", notAnEventFile.toString(), "--test", notAnEventFile.toString());
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(code == 1 || code == 2, "exit " + code + ": " + e);
        assertTrue(!e.contains("\tat "), "no stack trace without --verbose: " + e);
        assertTrue(e.lines().anyMatch(l -> l.startsWith("propel eval")), e);
    }

    @Test
    void everyCommandHasAGeneratedHelpAndExitsZero() {
        for (String command : PropelCli.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false).getSubcommands().keySet()) {
            if (command.equals("help")) {
                continue;
            }
            out.reset();
            assertEquals(0, run(command, "--help"), command + ": " + err.toString(StandardCharsets.UTF_8));
            String help = out.toString(StandardCharsets.UTF_8);
            assertTrue(help.startsWith("usage: ./propel " + command), help);
            assertTrue(help.contains("-h, --help"), help);
        }
        out.reset();
        assertEquals(0, run("help", "report"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--from=YYYY-MM-DD"), out.toString());
    }

    @Test
    void theCommandListIsGeneratedFromTheCommands() {
        assertEquals(2, run());
        String help = out.toString(StandardCharsets.UTF_8);
        for (String command : new String[] {"demo", "local", "invoke", "train", "generate", "import", "report",
                "eval", "bench", "learn-policy", "publish-policy", "evaluate-policy", "datasets", "reconcile",
                "redrive"}) {
            assertTrue(help.contains("\n  " + command + " "), command + " listed: " + help);
        }
    }

    @Test
    void aBadValueIsExitTwoNamingTheOption() {
        assertEquals(2, run("generate", "--users", "zero"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("propel generate: Invalid value for option '--users': 'zero' is not an int"), e);
        err.reset();
        assertEquals(2, run("report", "--from", "last week"));
        e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("propel report: Invalid value for option '--from': needs a date YYYY-MM-DD, got "
                + "'last week'"), e);
        assertTrue(e.contains("usage: ./propel report"), "the command's usage follows: " + e);
        err.reset();
        assertEquals(2, run("train", "--epochs", "5", "--frobnicate"));
        e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("propel train: Unknown option: '--frobnicate'"), e);
        assertTrue(!e.contains("\tat "), e);
    }
}
