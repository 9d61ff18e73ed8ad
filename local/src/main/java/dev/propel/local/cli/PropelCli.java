package dev.propel.local.cli;

import dev.propel.datagen.cli.GenerateCommand;
import dev.propel.datagen.cli.ImportCommand;
import dev.propel.local.bench.BenchRunner;
import dev.propel.local.demo.DemoCommand;
import dev.propel.local.eval.EvalCommand;
import dev.propel.local.policy.PolicyCommands;
import dev.propel.local.report.ReportCommand;
import dev.propel.local.stack.DatasetsCommand;
import dev.propel.local.stack.InvokeCommand;
import dev.propel.local.stack.LocalCommand;
import dev.propel.local.stack.ReconcileCommand;
import dev.propel.local.stack.RedriveCommand;
import dev.propel.modelbuilder.cli.TrainCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code ./propel} command line: dispatches a subcommand to the module that implements it. */
@Command(name = "./propel", synopsisHeading = PropelCommandLine.USAGE_HEADING, usageHelpWidth = 110,
        synopsisSubcommandLabel = "<command>", commandListHeading = "%ncommands:%n",
        footer = {"", "--verbose (with any command) prints the stack trace of an unexpected failure.",
                "exit codes: 0 done, 1 failed, 2 bad usage or input, 3 a part not available yet.",
                "./propel <command> --help describes a command's options."})
public final class PropelCli implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;

    private PropelCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs one subcommand and returns the process exit code: 0 done, 1 failed, 2 bad usage or input, 3 a part not
     * available. Anything a subcommand did not turn into a message is one line on standard error; its stack trace
     * only with {@code --verbose} (anywhere on the command line).
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        String[] plain = Arrays.stream(args).filter(a -> !a.equals("--verbose")).toArray(String[]::new);
        return commandLine(out, err, verbose).execute(plain);
    }

    /** The whole command line, every subcommand writing to {@code out} and {@code err}. */
    static CommandLine commandLine(PrintStream out, PrintStream err, boolean verbose) {
        CommandLine root = new CommandLine(new PropelCli());
        root.addSubcommand(new DemoCommand(out, err));
        root.addSubcommand(new LocalCommand(out, err));
        root.addSubcommand(new InvokeCommand(System.in, out, err));
        root.addSubcommand(new RedriveCommand(out, err));
        root.addSubcommand(new ReconcileCommand(out, err));
        root.addSubcommand(DatasetsCommand.standard(out, err));
        root.addSubcommand(new TrainCommand(out, err));
        root.addSubcommand(new GenerateCommand(err));
        root.addSubcommand(new ImportCommand(err));
        root.addSubcommand(new ReportCommand(out, err));
        root.addSubcommand("eval", EvalCommand.commandLine(out, err));
        root.addSubcommand(BenchRunner.standard(out, err));
        root.addSubcommand(new PolicyCommands.Evaluate(out, err));
        root.addSubcommand(new PolicyCommands.Learn(out, err));
        root.addSubcommand(new PolicyCommands.Publish(out, err));
        root.addSubcommand("help", new CommandLine.HelpCommand());
        return PropelCommandLine.configure(root, out, err, verbose);
    }

    /** No command: the list of commands, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return CommandLine.ExitCode.USAGE;
    }
}
