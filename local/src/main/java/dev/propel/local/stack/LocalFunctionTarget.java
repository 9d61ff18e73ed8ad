package dev.propel.local.stack;

import dev.propel.core.storage.S3ClientFactory;
import dev.propel.local.runtime.FunctionRuntime;
import dev.propel.local.template.FunctionDefinition;
import dev.propel.local.template.PseudoParameters;
import dev.propel.local.template.SamTemplate;
import dev.propel.local.template.TemplateReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * One template function wired to the local stack's S3 for commands that invoke it directly ({@code redrive},
 * {@code reconcile}): the running stack's S3 from {@code endpoints.json} when it answers, else an embedded S3
 * over the state folder, started for as long as this is open.
 */
final class LocalFunctionTarget implements AutoCloseable {
    private final FunctionRuntime runtime;
    private final LocalBucket local;
    private final Path stateDir;

    private LocalFunctionTarget(FunctionRuntime runtime, LocalBucket local, Path stateDir) {
        this.runtime = runtime;
        this.local = local;
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
        Path stateDir = LocalBucket.stateDir(state);
        String templateBucket = f.environment().getOrDefault(S3ClientFactory.BUCKET_ENV, "propel-local");
        LocalBucket local = LocalBucket.open(stateDir, templateBucket, pseudo.region());
        FunctionRuntime runtime = new FunctionRuntime(f, FunctionEnvironment.of(f, local.bucket(), local.endpoint(),
                pseudo.region(), env), LocalFunctionTarget.class.getClassLoader(), logs, clock);
        return new LocalFunctionTarget(runtime, local, stateDir);
    }

    FunctionRuntime runtime() {
        return runtime;
    }

    Path stateDir() {
        return stateDir;
    }


    @Override
    public void close() {
        local.close();
    }
}
