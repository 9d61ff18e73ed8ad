package dev.propel.local.readme;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.local.api.LocalApiKeys;
import dev.propel.local.cli.PropelCli;
import dev.propel.local.demo.DemoRunner;
import dev.propel.local.demo.DemoSettings;
import dev.propel.local.demo.DemoParts;
import dev.propel.local.stack.LocalStack;
import dev.propel.local.stack.LocalStackConfig;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the commands of README.md's (and docs/*.md's) bash blocks: curl examples against a local stack on a small
 * demo's state, and the quick {@code ./propel} commands in-process; commands marked {@code not in CI} are listed.
 */
class ReadmeExamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of("..");
    private static final String README_API = "http://127.0.0.1:3000";
    private static final Pattern NOT_IN_CI = Pattern.compile("#[^\\n]*not in CI\\s*$");
    private static final Pattern ASSIGNMENT = Pattern.compile("^(export\\s+)?[A-Za-z_][A-Za-z0-9_]*=.*",
            Pattern.DOTALL);
    private static final Pattern STATUS = Pattern.compile("^(?:→\\s*)?(\\d{3})\\b");
    private static final Pattern FIELD = Pattern.compile("\"([A-Za-z_]+)\"\\s*:");
    /** The README's examples are dated 2026-11-28; the demo's days end just before, as they would in real use. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T10:30:00Z"), ZoneOffset.UTC);

    private static Path temp;
    private static LocalStack stack;
    private static String api;
    private static final ByteArrayOutputStream STACK_LOG = new ByteArrayOutputStream();

    /** One command of a bash block, with the answer the document shows after it (comment lines), if any. */
    record Example(String file, int line, int block, String command, String answer) {
        String where() {
            return file + ":" + line;
        }
    }

    @BeforeAll
    static void startStackOnDemoState() throws Exception {
        Assumptions.assumeTrue(onPath("bash") && onPath("curl"), "bash or curl is not installed: README test skipped");
        Assumptions.assumeTrue(Files.isRegularFile(ROOT.resolve("README.md")), "no README.md at ../");
        temp = Files.createTempDirectory("propel-readme-");
        // The state folder is <temp>/.propel, so the README's `jq -r ... .propel/keys.json` works from <temp>.
        Path state = temp.resolve(".propel");
        Path template = ROOT.resolve("template.yaml").toAbsolutePath().normalize();
        PrintStream progress = new PrintStream(STACK_LOG, true, StandardCharsets.UTF_8);
        // A small demo publishes every model, the recall artefact and the stats that the examples need.
        new DemoRunner(new DemoSettings(2, 7, 150, 500, 0, state, template, CLOCK), DemoParts.standard(), progress)
                .run();
        stack = LocalStack.start(LocalStackConfig.defaults(template, state).withPorts(0, 0)
                .withSchedules(false, null).withClock(CLOCK).withOut(progress));
        api = stack.apiEndpoint().toString().replaceAll("/+$", "");
    }

    @AfterAll
    static void stop() throws IOException {
        if (stack != null) {
            stack.close();
        }
        if (temp != null) {
            try (Stream<Path> walk = Files.walk(temp)) {
                walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void everyExampleRunsAsWritten() throws Exception {
        List<Example> examples = new ArrayList<>(extract(ROOT.resolve("README.md"), false));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                examples.addAll(extract(doc, true));
            }
        }
        List<String> failures = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Map<String, String> keys = Map.of(
                "PROPEL_WRITE_KEY", stack.apiKeys().key(LocalApiKeys.WRITE_KEY).orElseThrow(),
                "PROPEL_SERVER_KEY", stack.apiKeys().key(LocalApiKeys.SERVER_KEY).orElseThrow());
        String preamble = "";
        int block = -1;
        for (Example e : examples) {
            if (e.block() != block) {
                // variables a block sets (API=..., KEY=...) hold for the commands after them in that block only
                block = e.block();
                preamble = "";
            }
            String oneLine = e.where() + "  " + firstLine(e.command());
            if (NOT_IN_CI.matcher(e.command()).find()) {
                skipped.add(oneLine + "   (marked not in CI)");
            } else if (e.command().startsWith("./propel ")) {
                String reason = runPropel(e, failures);
                (reason == null ? ran : skipped).add(reason == null ? oneLine : oneLine + "   (" + reason + ")");
            } else if (ASSIGNMENT.matcher(e.command()).matches()) {
                String assignment = localise(e.command());
                Shell r = bash(preamble + assignment + "\n", keys);
                check(e, r.exit == 0, "exits " + r.exit + ": " + r.err, failures);
                preamble += assignment + "\n";
                ran.add(oneLine);
            } else if (e.command().contains("curl ")) {
                runCurl(e, preamble, keys, failures);
                ran.add(oneLine);
            } else {
                failures.add(e.where() + ": a command the test does not know how to run; mark it `# ...; not in CI`"
                        + " if it needs AWS, minutes or a long-running server: " + firstLine(e.command()));
            }
        }
        System.out.println("README examples run (" + ran.size() + "):\n  " + String.join("\n  ", ran));
        System.out.println("README examples skipped (" + skipped.size() + "):\n  " + String.join("\n  ", skipped));
        assertTrue(ran.size() >= 10, "the README's examples were found: " + ran);
        assertTrue(failures.isEmpty(), failures.size() + " README example(s) failed:\n" + String.join("\n\n", failures)
                + "\n\nstack log (tail):\n" + tail(STACK_LOG.toString(StandardCharsets.UTF_8), 4000));
    }

    private static void runCurl(Example e, String preamble, Map<String, String> keys, List<String> failures)
            throws Exception {
        // -w appends the status on a line of its own, whatever the command does with the body
        String command = localise(e.command()).replaceFirst("curl ", "curl -w '\\\\n%{http_code}' ");
        Shell r = bash(preamble + command + "\n", keys);
        String out = r.out.stripTrailing();
        int cut = out.lastIndexOf('\n');
        String body = cut < 0 ? "" : out.substring(0, cut);
        String code = out.substring(cut + 1).trim();
        if (!check(e, r.exit == 0 && code.matches("\\d{3}"), "exits " + r.exit + ", printed " + out + " " + r.err,
                failures)) {
            return;
        }
        int status = Integer.parseInt(code);
        String answer = e.answer().strip();
        Matcher shown = STATUS.matcher(answer);
        int expected = shown.find() ? Integer.parseInt(shown.group(1)) : 0;
        if (expected != 0) {
            check(e, status / 100 == expected / 100, "answered " + status + " where the document shows " + expected
                    + ": " + body, failures);
        } else {
            check(e, status / 100 == 2, "answered " + status + " where the document shows a success: " + body,
                    failures);
        }
        checkNoStackTrace(e, body + r.err, failures);
        // The shown answer's fields must be in the real one, so the document cannot drift from the API.
        Set<String> shownFields = new HashSet<>();
        Matcher f = FIELD.matcher(answer);
        while (f.find()) {
            shownFields.add(f.group(1));
        }
        if (!shownFields.isEmpty()) {
            Set<String> actual = new HashSet<>();
            try {
                collectFields(JSON.readTree(body), actual);
            } catch (IOException x) {
                failures.add(e.where() + ": the answer is not JSON: " + body);
                return;
            }
            shownFields.removeAll(actual);
            check(e, shownFields.isEmpty(), "the document shows fields " + shownFields + " that the answer lacks: "
                    + body, failures);
        }
    }

    /** Runs a {@code ./propel} command in-process; returns why it was skipped, or null when it ran. */
    private static String runPropel(Example e, List<String> failures) throws Exception {
        List<String> words = new ArrayList<>();
        for (String w : e.command().substring("./propel ".length()).trim().split("\\s+")) {
            if (w.startsWith("#")) {
                break;
            }
            // a shell removes the quotes around a word such as '>50K'
            if (w.length() >= 2 && (w.charAt(0) == '\'' || w.charAt(0) == '"') && w.endsWith(w.substring(0, 1))) {
                w = w.substring(1, w.length() - 1);
            }
            words.add(w);
        }
        List<String> args = new ArrayList<>();
        String previous = "";
        for (String w : words) {
            if (previous.equals("--out")) {
                args.add(temp.resolve("out").resolve(w).toString());
            } else if (previous.equals("--api")) {
                // IngestApiSender reads $PROPEL_WRITE_KEY from the process environment, which a test cannot set
                return "sends with $PROPEL_WRITE_KEY, which an in-process run cannot set";
            } else if (!w.startsWith("-") && (w.contains("/") || w.matches(".*\\.(json|csv|gz)"))) {
                // relative paths in the README are from the repository root; the test runs in local/
                Path input = ROOT.resolve(w);
                if (!Files.exists(input)) {
                    return "input " + w + " not found";
                }
                args.add(input.toString());
            } else {
                args.add(w);
            }
            previous = w;
        }
        String command = args.get(0);
        // never the working tree's .propel/: the stack this test started, and the repository's template
        if (Set.of("invoke", "report", "reconcile", "redrive", "datasets").contains(command)
                && !args.contains("--state")) {
            args.addAll(List.of("--state", stack.stateDirectory().toString()));
        }
        if (Set.of("invoke", "report", "datasets").contains(command) && !args.contains("--template")) {
            args.addAll(List.of("--template", ROOT.resolve("template.yaml").toString()));
        }
        stack.awaitIdle(Duration.ofSeconds(30));
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        int exit;
        // several commands print to System.out/err rather than to the streams they are given
        System.setOut(capture);
        System.setErr(capture);
        try {
            exit = PropelCli.run(args.toArray(String[]::new), capture, capture);
        } catch (RuntimeException x) {
            exit = -1;
            x.printStackTrace(capture);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        String output = buffer.toString(StandardCharsets.UTF_8);
        check(e, exit == 0, "exits " + exit + " (run as " + args + "): " + tail(output, 3000), failures);
        checkNoStackTrace(e, output, failures);
        return null;
    }

    private static void checkNoStackTrace(Example e, String output, List<String> failures) {
        check(e, !output.contains("\tat ") && !output.contains("Exception"), "printed a stack trace or exception: "
                + tail(output, 3000), failures);
    }

    private static boolean check(Example e, boolean ok, String message, List<String> failures) {
        if (!ok) {
            failures.add(e.where() + ": " + firstLine(e.command()) + "\n  " + message);
        }
        return ok;
    }

    /** The README's address and key file become this test's stack; without jq the keys are put in directly. */
    private static String localise(String command) {
        String c = command.replace(README_API, api);
        if (!onPath("jq")) {
            c = c.replace("$(jq -r .write_key .propel/keys.json)", "$PROPEL_WRITE_KEY")
                    .replace("$(jq -r .server_key .propel/keys.json)", "$PROPEL_SERVER_KEY");
        }
        return c;
    }

    /**
     * The commands of every ```bash block: continuation lines joined, comment-only lines dropped (those right
     * after a command are its shown answer). In docs/, only blocks holding curl or ./propel commands count.
     */
    static List<Example> extract(Path file, boolean onlyWithCommands) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Example> all = new ArrayList<>();
        String name = ROOT.relativize(file).toString();
        int blockNo = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```bash")) {
                continue;
            }
            blockNo++;
            List<Example> block = new ArrayList<>();
            StringBuilder command = null;
            int start = 0;
            StringBuilder answer = new StringBuilder();
            // comment lines directly under a command (no blank line between) are the answer the document shows
            boolean answering = false;
            for (i++; i < lines.size() && !lines.get(i).strip().startsWith("```"); i++) {
                String line = lines.get(i);
                String trimmed = line.strip();
                if (command != null) {
                    command.append('\n').append(line);
                    if (!incomplete(command)) {
                        block.add(new Example(name, start, blockNo, command.toString(), ""));
                        command = null;
                        answering = true;
                    }
                    continue;
                }
                if (trimmed.startsWith("#")) {
                    if (answering) {
                        answer.append(trimmed.substring(1).strip()).append('\n');
                    }
                    continue;
                }
                flushAnswer(block, answer);
                answering = false;
                if (trimmed.isEmpty()) {
                    continue;
                }
                start = i + 1;
                command = new StringBuilder(line);
                if (!incomplete(command)) {
                    block.add(new Example(name, start, blockNo, command.toString(), ""));
                    command = null;
                    answering = true;
                }
            }
            flushAnswer(block, answer);
            boolean holdsCommands = block.stream().anyMatch(x -> x.command().contains("curl ")
                    || x.command().startsWith("./propel "));
            if (!onlyWithCommands || holdsCommands) {
                all.addAll(block);
            }
        }
        return all;
    }

    /** Whether a command goes on to the next line: a trailing backslash, or a quote still open (a JSON body). */
    static boolean incomplete(CharSequence text) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"') {
                    i++;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '\\') {
                i++;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                // a comment runs to the end of its line, and quotes in it do not count
                while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                    i++;
                }
            }
        }
        String s = text.toString();
        return quote != 0 || s.endsWith("\\");
    }

    private static void flushAnswer(List<Example> block, StringBuilder answer) {
        if (answer.length() > 0) {
            Example last = block.remove(block.size() - 1);
            block.add(new Example(last.file(), last.line(), last.block(), last.command(),
                    last.answer() + answer));
            answer.setLength(0);
        }
    }

    private static void collectFields(JsonNode node, Set<String> into) {
        node.fields().forEachRemaining(f -> {
            into.add(f.getKey());
            collectFields(f.getValue(), into);
        });
        if (node.isArray()) {
            node.forEach(n -> collectFields(n, into));
        }
    }

    private record Shell(int exit, String out, String err) {
    }

    private static Shell bash(String script, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(temp.toFile());
        pb.environment().putAll(env);
        Path out = Files.createTempFile(temp, "out", ".txt");
        Path err = Files.createTempFile(temp, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Shell(-1, Files.readString(out), "timed out after 30 s");
        }
        return new Shell(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String s) {
        int n = s.indexOf('\n');
        return n < 0 ? s : s.substring(0, n) + " …";
    }

    private static String tail(String s, int max) {
        return s.length() <= max ? s : "…" + s.substring(s.length() - max);
    }
}
