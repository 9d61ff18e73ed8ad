package dev.propel.local.stack;

import dev.propel.core.storage.S3ClientFactory;
import dev.propel.local.runtime.FunctionRuntime;
import dev.propel.local.template.FunctionDefinition;
import dev.propel.local.template.PseudoParameters;
import dev.propel.local.template.SamTemplate;
import dev.propel.local.template.TemplateReader;
import dev.propel.s3.embedded.EmbeddedS3;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One template function wired to the local stack's S3 for commands that invoke it directly ({@code redrive},
 * {@code reconcile}): the running stack's S3 from {@code endpoints.json} when it answers, else an embedded S3
 * over the state folder, started for as long as this is open.
 */
final class LocalFunctionTarget implements AutoCloseable {
    private final FunctionRuntime runtime;
    private final EmbeddedS3 embedded;
    private final Path stateDir;

    private LocalFunctionTarget(FunctionRuntime runtime, EmbeddedS3 embedded, Path stateDir) {
        this.runtime = runtime;
        this.embedded = embedded;
        this.stateDir = stateDir;
    }

    /**
     * @param state    the {@code --state} option, or null for {@code $PROPEL_HOME} / {@code .propel/}
     * @param logs     where the handler's log lines go
     */
    static LocalFunctionTarget open(Path templateFile, String functionId, String state, Map<String, String> env,
            Clock clock, PrintStream logs) throws IOException {
        if (!Files.isRegularFile(templateFile)) {
            throw new IllegalArgumentException("no template at " + templateFile.toAbsolutePath());
        }
        PseudoParameters pseudo = PseudoParameters.local();
        SamTemplate template = new TemplateReader(pseudo).read(templateFile);
        FunctionDefinition f = template.function(functionId).orElseThrow(() -> new IllegalArgumentException(
                "no function " + functionId + " in " + templateFile + " (functions: "
                        + String.join(", ", template.functions().keySet()) + ")"));
        Path stateDir = state != null ? Path.of(state).toAbsolutePath()
                : StateFolder.resolve(System.getenv(), Path.of(""));
        String templateBucket = f.environment().getOrDefault(S3ClientFactory.BUCKET_ENV, "propel-local");
        Optional<Endpoints> running = Endpoints.read(stateDir).filter(e -> answers(e, pseudo.region()));
        EmbeddedS3 embedded = null;
        String endpoint;
        String bucket;
        if (running.isPresent()) {
            endpoint = running.get().s3();
            bucket = running.get().bucket();
        } else {
            embedded = EmbeddedS3.start(StateFolder.s3Root(stateDir), 0);
            embedded.createBucket(templateBucket);
            endpoint = embedded.endpoint().toString();
            bucket = templateBucket;
        }
        FunctionRuntime runtime = new FunctionRuntime(f, FunctionEnvironment.of(f, bucket, endpoint,
                pseudo.region(), env), LocalFunctionTarget.class.getClassLoader(), logs, clock);
        return new LocalFunctionTarget(runtime, embedded, stateDir);
    }

    FunctionRuntime runtime() {
        return runtime;
    }

    Path stateDir() {
        return stateDir;
    }

    private static boolean answers(Endpoints e, String region) {
        try (S3Client s3 = S3ClientFactory.forEndpoint(URI.create(e.s3()), region)) {
            s3.headBucket(b -> b.bucket(e.bucket()));
            return true;
        } catch (RuntimeException x) {
            return false;
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
