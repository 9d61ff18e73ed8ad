package dev.propel.local.stack;

import dev.propel.core.storage.S3ClientFactory;
import dev.propel.local.cli.PropelCommandLine;
import dev.propel.local.cli.StateOptions;
import dev.propel.local.runtime.FunctionRuntime;
import dev.propel.local.runtime.Invocation;
import dev.propel.local.template.FunctionDefinition;
import dev.propel.local.template.PseudoParameters;
import dev.propel.local.template.SamTemplate;
import dev.propel.local.template.TemplateReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code ./propel invoke <FunctionLogicalId> -e events/<file>.json}: one invocation, like
 * {@code sam local invoke}, against the local stack's S3 — the running stack's endpoint from
 * {@code endpoints.json} when one answers, else an embedded S3 started over the same state folder for the
 * duration of the call. The response goes to standard output, logs to standard error.
 */
@Command(name = "invoke", synopsisHeading = PropelCommandLine.USAGE_HEADING, sortOptions = false,
        usageHelpWidth = 110, description = "one invocation of a template function, like sam local invoke")
public final class InvokeCommand implements Callable<Integer> {
    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;
    @Parameters(paramLabel = "FunctionLogicalId", arity = "1", description = "a function of the template")
    private String functionId;
    @Option(names = {"-e", "--event"}, paramLabel = "FILE",
            description = "the event JSON (default {}); - reads it from standard input")
    private String eventArg;
    @Option(names = "--env", paramLabel = "KEY=VAL", description = "an environment variable of the function")
    private Map<String, String> env = new LinkedHashMap<>();
    @Mixin
    private StateOptions stateOptions;

    /** The command reading {@code -e -} from {@code stdin}; the response goes to {@code out}, logs to {@code err}. */
    public InvokeCommand(InputStream stdin, PrintStream out, PrintStream err) {
        this.stdin = stdin;
        this.out = out;
        this.err = err;
    }

    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        return PropelCommandLine.of(new InvokeCommand(stdin, out, err), "./propel invoke", out, err).execute(args);
    }

    @Override
    public Integer call() {
        try {
            return invoke();
        } catch (IllegalArgumentException | IOException e) {
            err.println("propel invoke: " + e.getMessage());
            return 2;
        }
    }

    private int invoke() throws IOException {
        Path templateFile = stateOptions.template();
        if (!Files.isRegularFile(templateFile)) {
            throw new IllegalArgumentException("no template at " + templateFile.toAbsolutePath());
        }
        PseudoParameters pseudo = PseudoParameters.local();
        SamTemplate template = new TemplateReader(pseudo).read(templateFile);
        String id = functionId;
        FunctionDefinition f = template.function(id).orElseThrow(() -> new IllegalArgumentException(
                "no function " + id + " in " + templateFile + " (functions: "
                        + String.join(", ", template.functions().keySet()) + ")"));
        byte[] event;
        if (eventArg == null) {
            event = "{}".getBytes(StandardCharsets.UTF_8);
        } else if (eventArg.equals("-")) {
            event = stdin.readAllBytes();
        } else {
            Path file = Path.of(eventArg);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no event file at " + file.toAbsolutePath());
            }
            event = Files.readAllBytes(file);
        }
        Path stateDir = LocalBucket.stateDir(stateOptions.state());
        String templateBucket = f.environment().getOrDefault(S3ClientFactory.BUCKET_ENV, "propel-local");
        PrintStream stdout = System.out;
        try (LocalBucket local = LocalBucket.open(stateDir, templateBucket, pseudo.region())) {
            if (local.runningStack().isPresent()) {
                err.println("propel invoke: using the running local stack's S3 at " + local.endpoint());
            }
            try (S3Client s3 = local.newClient()) {
                event = S3EventPreparer.prepare(event, s3, local.bucket(), err);
            }
            // Like sam local invoke: what the handler prints is log output (stderr); stdout is the response.
            System.setOut(err);
            Map<String, String> environment = FunctionEnvironment.of(f, local.bucket(), local.endpoint(),
                    pseudo.region(), env);
            FunctionRuntime runtime = new FunctionRuntime(f, environment, InvokeCommand.class.getClassLoader(), err);
            Invocation result = runtime.invoke(event);
            out.println(result.payloadText());
            return result.failed() ? 1 : 0;
        } finally {
            System.setOut(stdout);
        }
    }
}
