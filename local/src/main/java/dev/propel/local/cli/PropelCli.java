package dev.propel.local.cli;

import dev.propel.modelbuilder.cli.TrainCommand;
import java.io.PrintStream;
import java.util.Arrays;

/** The {@code ./propel} command line: dispatches a subcommand to the module that implements it. */
public final class PropelCli {
    private static final String HELP = """
            usage: ./propel <command> [options]

            commands:
              demo                 the whole pipeline on the embedded local stack with generated data
              local                the local stack, left running (API on http://127.0.0.1:3000)
              invoke <Function> -e events/<file>.json
                                   one invocation of a template function, like sam local invoke
              redrive [--function Id] [--state DIR]
                                   replay failed asynchronous events recorded under <state>/dlq/
              reconcile [--from YYYY-MM-DD --to YYYY-MM-DD] [--no-rebuild] [--state DIR]
                                   re-preprocess raw/ objects missing from clean/, rebuild their days
              datasets --from YYYY-MM-DD [--to YYYY-MM-DD] [--engine lambda|spark]
                                   build the datasets and stats of a day range (spark: the Spark job, local)
              train --data FILE.csv --label COLUMN [--out DIR] [--seed N]
                                   train, evaluate and export a model from any CSV
              generate [options]   simulated shop traffic with known ground truth
              import --format rees46|otto|diginetica|retailrocket|tianchi FILE...
                                   convert a public event log to Propel events
              report [--from YYYY-MM-DD --to YYYY-MM-DD] [--out DIR]
                                   the growth report of the local stack's data as one HTML page
                                   (also served at http://127.0.0.1:3000/report by ./propel local)
              eval next-item --train TRAIN.jsonl.gz --test TEST.jsonl.gz [--out DIR]
                                   recall + reranker against recall alone and popularity on session data
              bench                the benchmark suite
              evaluate-policy --policy FILE.json [--from YYYY-MM-DD --to YYYY-MM-DD]
                                   off-policy estimate of a decision policy from the logged decisions
              learn-policy [--objective net_revenue|net_conversion|conversion]
                                   a better policy from the logged decisions, with its estimated value
              publish-policy --policy FILE.json
                                   make a policy the one /decide follows (config/policy.json)

            --verbose (with any command) prints the stack trace of an unexpected failure.
            exit codes: 0 done, 1 failed, 2 bad usage or input, 3 a part not available yet.
            """;

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
        try {
            return dispatch(plain, out, err);
        } catch (RuntimeException | Error e) {
            String command = plain.length == 0 ? "propel" : "propel " + plain[0];
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            err.println(command + ": " + message.lines().findFirst().orElse("")
                    + (verbose ? "" : " (run again with --verbose for the details)"));
            if (verbose) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    private static int dispatch(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(HELP);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "train" -> {
                return TrainCommand.run(rest);
            }
            case "local" -> {
                return dev.propel.local.stack.LocalCommand.run(rest);
            }
            case "invoke" -> {
                return dev.propel.local.stack.InvokeCommand.run(rest);
            }
            case "redrive" -> {
                return dev.propel.local.stack.RedriveCommand.run(rest);
            }
            case "reconcile" -> {
                return dev.propel.local.stack.ReconcileCommand.run(rest);
            }
            case "datasets" -> {
                return dev.propel.local.stack.DatasetsCommand.run(rest);
            }
            case "demo" -> {
                return dev.propel.local.demo.DemoRunner.run(rest);
            }
            case "report" -> {
                return dev.propel.local.report.ReportCommand.run(rest);
            }
            case "eval" -> {
                return dev.propel.local.eval.EvalCommand.run(rest, out, err);
            }
            case "bench" -> {
                return dev.propel.local.bench.BenchRunner.run(rest);
            }
            case "evaluate-policy" -> {
                return dev.propel.local.policy.PolicyCommands.evaluate(rest, out, err);
            }
            case "learn-policy" -> {
                return dev.propel.local.policy.PolicyCommands.learn(rest, out, err);
            }
            case "publish-policy" -> {
                return dev.propel.local.policy.PolicyCommands.publish(rest, out, err);
            }
            case "generate" -> {
                return dev.propel.datagen.cli.GenerateCommand.run(rest, out, err);
            }
            case "import" -> {
                return dev.propel.datagen.cli.ImportCommand.run(rest, out, err);
            }
            default -> {
                err.println("propel: unknown or not yet available command '" + args[0] + "'");
                err.print(HELP);
                return 2;
            }
        }
    }
}
