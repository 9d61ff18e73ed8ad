package dev.propel.local.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.propel.core.recall.RecallSettings;
import dev.propel.local.cli.PropelCommandLine;
import dev.propel.modelbuilder.rerank.RerankTrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./propel eval next-item --train TRAIN.jsonl.gz --test TEST.jsonl.gz [--out DIR] [--seed N]}: builds recall
 * and trains the reranker on TRAIN, ranks every TEST prefix over all items, prints the figures and writes
 * {@code DIR/next_item.json}.
 */
@Command(name = "eval", synopsisHeading = PropelCommandLine.USAGE_HEADING, synopsisSubcommandLabel = "next-item",
        description = "recall + reranker against recall alone and popularity on session data", commandListHeading = "%nwhat to evaluate:%n")
public final class EvalCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;

    private EvalCommand() {
    }

    /** {@code eval} with its evaluations, writing to the given streams. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        return new CommandLine(new EvalCommand()).addSubcommand(new NextItem(out, err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return PropelCommandLine.configure(commandLine(out, err).setCommandName("./propel eval"), out, err, false)
                .execute(args);
    }

    /** {@code ./propel eval} alone: say what to evaluate. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "say what to evaluate: next-item");
    }

    /** {@code ./propel eval next-item}. */
    @Command(name = "next-item", synopsisHeading = PropelCommandLine.USAGE_HEADING, sortOptions = false,
            description = "recall + reranker against recall alone and popularity on session data")
    static final class NextItem implements Callable<Integer> {
        private final PrintStream out;
        private final PrintStream err;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
        private boolean help;
        @Option(names = "--train", paramLabel = "TRAIN.jsonl.gz", required = true, description = "training sessions")
        private Path train;
        @Option(names = "--test", paramLabel = "TEST.jsonl.gz", required = true, description = "test cases")
        private Path test;
        @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
                description = "where next_item.json goes (default: .)")
        private Path outDir;
        @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "reranker seed (default 42)")
        private long seed;

        NextItem(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() {
            return evaluate(train, test, outDir, seed, out, err);
        }
    }

    private static int evaluate(Path train, Path test, Path outDir, long seed, PrintStream out, PrintStream err) {
        try {
            err.printf("eval next-item: reading %s and %s …%n", train, test);
            List<NextItemFiles.TrainSession> sessions = NextItemFiles.readTrain(train);
            List<NextItemFiles.TestCase> cases = NextItemFiles.readTest(test);
            NextItemEvaluation.Outcome outcome = new NextItemEvaluation(RecallSettings.defaults(),
                    RerankTrainer.defaultConfig().withSeed(seed), err).run(sessions, cases);
            Files.createDirectories(outDir);
            Path json = outDir.resolve("next_item.json");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), outcome.report());
            out.print(outcome.report().render());
            out.println("  written to " + json);
            return 0;
        } catch (NextItemFiles.MalformedLineException e) {
            err.println("propel eval: " + e.getMessage());
            return 2;
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("propel eval: no such file: " + e.getFile());
            return 2;
        } catch (IOException | IllegalArgumentException e) {
            err.println("propel eval: " + e.getMessage());
            return 1;
        }
    }
}
