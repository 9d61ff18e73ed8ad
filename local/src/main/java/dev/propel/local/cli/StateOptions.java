package dev.propel.local.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that place a command on the local stack, spelled the same in every command that has them. */
public final class StateOptions {
    @Option(names = "--state", paramLabel = "DIR",
            description = "the local stack's state folder (default: $PROPEL_HOME, else .propel/)")
    private Path state;

    @Option(names = "--template", paramLabel = "FILE", defaultValue = "template.yaml",
            description = "the SAM template (default: ${DEFAULT-VALUE})")
    private Path template;

    /** {@code --state} as given, or null for the default folder. */
    public String state() {
        return state == null ? null : state.toString();
    }

    /** {@code --template}, {@code template.yaml} by default. */
    public Path template() {
        return template;
    }
}
