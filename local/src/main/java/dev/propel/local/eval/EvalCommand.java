package dev.propel.local.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.propel.core.recall.RecallSettings;
import dev.propel.local.cli.CommandLineOptions;
import dev.propel.modelbuilder.rerank.RerankTrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code ./propel eval next-item --train TRAIN.jsonl.gz --test TEST.jsonl.gz [--out DIR] [--seed N]}: builds recall
 * and trains the reranker on TRAIN, ranks every TEST prefix over all items, prints the figures and writes
 * {@code DIR/next_item.json}.
 */
public final class EvalCommand {
    static final String USAGE = """
            usage: ./propel eval next-item --train TRAIN.jsonl.gz --test TEST.jsonl.gz [--out DIR] [--seed N]
            """;

    private EvalCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLineOptions o;
        try {
            o = CommandLineOptions.parse(args, Set.of("--train", "--test", "--out", "--seed"), Set.of("--help"));
        } catch (IllegalArgumentException e) {
            err.println("propel eval: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (o.flag("--help")) {
            out.print(USAGE);
            return 0;
        }
        List<String> what = o.positional();
        if (what.size() != 1 || !what.get(0).equals("next-item")) {
            err.println("propel eval: say what to evaluate: next-item");
            err.print(USAGE);
            return 2;
        }
        String train = o.value("--train", null);
        String test = o.value("--test", null);
        if (train == null || test == null) {
            err.println("propel eval: --train and --test are required");
            err.print(USAGE);
            return 2;
        }
        long seed;
        try {
            seed = Long.parseLong(o.value("--seed", "42"));
        } catch (NumberFormatException e) {
            err.println("propel eval: --seed must be a whole number");
            return 2;
        }
        Path outDir = Path.of(o.value("--out", "."));
        try {
            err.printf("eval next-item: reading %s and %s …%n", train, test);
            List<NextItemFiles.TrainSession> sessions = NextItemFiles.readTrain(Path.of(train));
            List<NextItemFiles.TestCase> cases = NextItemFiles.readTest(Path.of(test));
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
