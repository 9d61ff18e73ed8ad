package dev.propel.local.stack;

import dev.propel.core.storage.S3ClientFactory;
import dev.propel.local.cli.CommandLineOptions;
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
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code ./propel invoke <FunctionLogicalId> -e events/<file>.json}: one invocation, like
 * {@code sam local invoke}, against the local stack's S3 — the running stack's endpoint from
 * {@code endpoints.json} when one answers, else an embedded S3 started over the same state folder for the
 * duration of the call. The response goes to standard output, logs to standard error.
 */
public final class InvokeCommand {
    static final String USAGE = """
            usage: ./propel invoke <FunctionLogicalId> -e events/<file>.json [--env KEY=VAL]...
                                   [--template template.yaml] [--state DIR]
              -e -   reads the event from standard input
            """;

    private InvokeCommand() {
    }

    public static int run(String[] args) {
        return run(args, System.in, System.out, System.err);
    }

    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        CommandLineOptions o;
        try {
            o = CommandLineOptions.parse(args, Set.of("-e", "--event", "--env", "--template", "--state"),
                    Set.of("--help"));
        } catch (IllegalArgumentException e) {
            err.println("propel invoke: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (o.flag("--help")) {
            out.print(USAGE);
            return 0;
        }
        if (o.positional().size() != 1) {
            err.println("propel invoke: name exactly one function of the template");
            err.print(USAGE);
            return 2;
        }
        try {
            return invoke(o, stdin, out, err);
        } catch (IllegalArgumentException | IOException e) {
            err.println("propel invoke: " + e.getMessage());
            return 2;
        }
    }

    private static int invoke(CommandLineOptions o, InputStream stdin, PrintStream out, PrintStream err)
            throws IOException {
        Path templateFile = Path.of(o.value("--template", "template.yaml"));
        if (!Files.isRegularFile(templateFile)) {
            throw new IllegalArgumentException("no template at " + templateFile.toAbsolutePath());
        }
        PseudoParameters pseudo = PseudoParameters.local();
        SamTemplate template = new TemplateReader(pseudo).read(templateFile);
        String id = o.positional().get(0);
        FunctionDefinition f = template.function(id).orElseThrow(() -> new IllegalArgumentException(
                "no function " + id + " in " + templateFile + " (functions: "
                        + String.join(", ", template.functions().keySet()) + ")"));
        String eventArg = o.value("-e", o.value("--event", null));
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
        Path stateDir = LocalBucket.stateDir(o.value("--state", null));
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
            Map<String, String> env = FunctionEnvironment.of(f, local.bucket(), local.endpoint(), pseudo.region(),
                    o.pairs("--env"));
            FunctionRuntime runtime = new FunctionRuntime(f, env, InvokeCommand.class.getClassLoader(), err);
            Invocation result = runtime.invoke(event);
            out.println(result.payloadText());
            return result.failed() ? 1 : 0;
        } finally {
            System.setOut(stdout);
        }
    }
}
