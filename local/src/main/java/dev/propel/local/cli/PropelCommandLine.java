package dev.propel.local.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The picocli set-up every {@code ./propel} command runs with: its streams, and the exit codes of the README —
 * 0 done, 1 failed, 2 bad usage or input (the message names the option, then the command's generated usage), 3 a
 * part not available yet (returned by the command itself). A failure the command did not turn into a message is
 * one line on standard error, with its stack trace only when {@code verbose}.
 */
public final class PropelCommandLine {
    /** The heading of every generated synopsis, lower case as the rest of the command line's messages. */
    public static final String USAGE_HEADING = "usage: ";
    /** Columns of the generated help: the README's code blocks are about as wide. */
    private static final int USAGE_WIDTH = 110;

    private PropelCommandLine() {
    }

    /**
     * The parser of one command run on its own, named as the user types it (e.g. {@code ./propel report}).
     */
    public static CommandLine of(Object command, String name, PrintStream out, PrintStream err, boolean verbose) {
        return configure(new CommandLine(command).setCommandName(name), out, err, verbose);
    }

    /**
     * Sets the streams and handlers on {@code cl} and every subcommand it has (add them first: picocli does not
     * pass settings on to subcommands added later).
     */
    public static CommandLine configure(CommandLine cl, PrintStream out, PrintStream err, boolean verbose) {
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setUsageHelpWidth(USAGE_WIDTH);
        cl.setParameterExceptionHandler(PropelCommandLine::usageError);
        cl.registerConverter(LocalDate.class, PropelCommandLine::date);
        cl.setExecutionExceptionHandler((e, failed, parsed) -> {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            err.println(prefix(failed) + ": " + message.lines().findFirst().orElse("")
                    + (verbose ? "" : " (run again with --verbose for the details)"));
            if (verbose) {
                e.printStackTrace(err);
            }
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cl;
    }

    /** The same parser, without stack traces. */
    public static CommandLine of(Object command, String name, PrintStream out, PrintStream err) {
        return of(command, name, out, err, false);
    }

    /** A day as every command takes it; the message says the format (picocli's own names the Java type). */
    private static LocalDate date(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("needs a date YYYY-MM-DD, got '" + value + "'");
        }
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        if (e instanceof UnmatchedArgumentException u && cl.getParent() == null && !cl.getSubcommands().isEmpty()
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            err.println("propel: unknown or not yet available command '" + u.getUnmatched().get(0) + "'");
        } else {
            err.println(prefix(cl) + ": " + e.getMessage());
        }
        cl.usage(err);
        return CommandLine.ExitCode.USAGE;
    }

    /** {@code propel <command>}, the start of every message of a command. */
    private static String prefix(CommandLine cl) {
        String qualified = cl.getCommandSpec().qualifiedName(" ");
        return qualified.startsWith("./") ? qualified.substring(2) : "propel " + qualified;
    }
}
