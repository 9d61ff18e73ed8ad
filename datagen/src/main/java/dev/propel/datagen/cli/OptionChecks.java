package dev.propel.datagen.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The checks picocli's annotations cannot state (ranges, URL schemes) for datagen's commands; each is exit 2. */
final class OptionChecks {
    private OptionChecks() {
    }

    /** The command's parser writing to the given streams, as {@code ./propel} runs it when run on its own. */
    static CommandLine commandLine(Object command, String name, PrintStream out, PrintStream err) {
        return new CommandLine(command).setCommandName(name).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
    }

    /** {@code value} (or {@code fallback} when absent) if within {@code [min, max]}. */
    static int within(CommandSpec spec, String option, Integer value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), option + " must be within [" + min + ", " + max
                    + "], was " + value);
        }
        return value;
    }

    /** An http(s) URL with a host, or absent. */
    static void httpUrl(CommandSpec spec, String option, URI uri) {
        if (uri != null && (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                || uri.getHost() == null)) {
            throw new ParameterException(spec.commandLine(), option + " must be an http(s) URL such as "
                    + "http://127.0.0.1:3000, was '" + uri + "'");
        }
    }
}
