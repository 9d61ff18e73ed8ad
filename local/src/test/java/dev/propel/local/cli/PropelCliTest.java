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
}
