package dev.propel.datagen.cli;

import dev.propel.datagen.output.DeliveryWriter;
import dev.propel.datagen.output.IngestApiSender;
import dev.propel.datagen.simulator.Delivery;
import dev.propel.datagen.simulator.DirtRates;
import dev.propel.datagen.simulator.ShopSimulator;
import dev.propel.datagen.simulator.SimulationConfig;
import dev.propel.datagen.simulator.SimulationSink;
import dev.propel.datagen.simulator.SimulationSummary;
import dev.propel.datagen.truth.ConversionTruth;
import dev.propel.datagen.truth.ItemTruth;
import dev.propel.datagen.truth.OracleAuc;
import dev.propel.datagen.truth.TruthFile;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./propel generate}: runs the shop simulator into a JSON lines file and/or an ingest API. */
@Command(name = "generate", synopsisHeading = "usage: ",
        description = {"simulated shop traffic with known ground truth",
                "See docs/simulator.md. Same options, same events."},
        sortOptions = false, usageHelpWidth = 110)
public final class GenerateCommand implements Callable<Integer> {
    private final PrintStream err;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;
    @Option(names = "--users", paramLabel = "N",
            description = "shoppers (default 1000; 140,000 over 14 days make ~1M events)")
    private Integer users;
    @Option(names = "--days", paramLabel = "N", description = "simulated days (default 7)")
    private Integer days;
    @Option(names = "--start", paramLabel = "YYYY-MM-DD", description = "first simulated day, UTC (default 2026-11-01)")
    private LocalDate start;
    @Option(names = "--seed", paramLabel = "N", description = "random seed (default 42)")
    private Long seed;
    @Option(names = "--items", paramLabel = "N", description = "catalogue size (default 2000)")
    private Integer items;
    @Option(names = "--categories", paramLabel = "N", description = "item categories (default 20)")
    private Integer categories;
    @Option(names = "--out", paramLabel = "FILE", description = {"events as JSON lines, in receive order; .gz "
            + "compresses; - is stdout", "(default events.jsonl.gz unless --api is given)"})
    private Path outFile;
    @Option(names = "--truth", paramLabel = "FILE", description = {"ground-truth sidecar, JSON lines (default: next "
            + "to --out, <name>.truth.jsonl.gz; 'none' to skip)"})
    private String truth;
    @Option(names = "--api", paramLabel = "URL",
            description = {"also POST the events to a Propel ingest API, e.g. http://127.0.0.1:3000",
                    "(with $PROPEL_WRITE_KEY as x-api-key when set)"})
    private URI api;
    @Option(names = "--batch", paramLabel = "N", description = "events per request with --api (1..500, default 500)")
    private Integer batch;
    @Option(names = "--oracle", description = "print the oracle ROC AUC of the conversion and item tasks")
    private boolean oracle;
    @Option(names = "--decisions", description = {"the shop calls /decide once per session (default policy, 10 %% "
            + "exploration) and shoppers react to the action; decision events and their truth under every action "
            + "(kind \"decision\") are written"})
    private boolean decisions;
    @Option(names = "--clean", description = "no dirt: every rate below is 0")
    private boolean clean;
    @Option(names = "--duplicate-rate", paramLabel = "R", description = "events delivered twice (default 0.01)")
    private Double duplicateRate;
    @Option(names = "--late-rate", paramLabel = "R", description = "events delivered 5 min to 6 h late (default 0.005)")
    private Double lateRate;
    @Option(names = "--out-of-order-rate", paramLabel = "R", description = "events delayed 1 to 120 s (default 0.02)")
    private Double outOfOrderRate;
    @Option(names = "--clock-skew-rate", paramLabel = "R",
            description = "share of users whose clock is off (default 0.02)")
    private Double clockSkewRate;
    @Option(names = "--missing-optional-rate", paramLabel = "R",
            description = "events missing price, quantity or properties (default 0.03)")
    private Double missingOptionalRate;
    @Option(names = "--invalid-rate", paramLabel = "R", description = "extra invalid events (default 0.002)")
    private Double invalidRate;
    @Option(names = "--missing-session-rate", paramLabel = "R",
            description = "share of sessions sent without session_id (default 0.10)")
    private Double missingSessionRate;

    /** The command reporting to {@code err}, since standard output may carry the events. */
    public GenerateCommand(PrintStream err) {
        this.err = err;
    }

    /** Runs the command with stdout/stderr; returns the exit code (0 ok, 1 failure, 2 usage). */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    /** Runs the command; the summary goes to {@code err} because {@code out} may carry the events. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return OptionChecks.commandLine(new GenerateCommand(err), "./propel generate", out, err).execute(args);
    }

    @Override
    public Integer call() {
        SimulationConfig config = config();
        OptionChecks.httpUrl(spec, "--api", api);
        int batchSize = OptionChecks.within(spec, "--batch", batch, IngestApiSender.MAX_BATCH, 1,
                IngestApiSender.MAX_BATCH);
        Path outPath = outFile != null ? outFile : api != null ? null : Path.of("events.jsonl.gz");
        Path truthPath = truthPath(outPath);
        List<ConversionTruth> conversion = new ArrayList<>();
        List<ItemTruth> items = new ArrayList<>();

        long started = System.nanoTime();
        SimulationSummary summary;
        IngestApiSender.Totals totals = null;
        try (DeliveryWriter writer = outPath == null ? null : DeliveryWriter.open(outPath);
             TruthFile truth = truthPath == null ? null : TruthFile.create(truthPath)) {
            IngestApiSender sender = api == null ? null : new IngestApiSender(api, batchSize);
            summary = new ShopSimulator(config, decisions
                    ? dev.propel.datagen.decisions.DecisionScenario.DEFAULT : null).run(new SimulationSink() {
                @Override
                public void delivery(Delivery d) {
                    if (writer != null) {
                        writer.write(d);
                    }
                    if (sender != null) {
                        sender.add(d.json());
                    }
                }

                @Override
                public void conversionTruth(ConversionTruth t) {
                    if (truth != null) {
                        truth.write(t);
                    }
                    if (oracle) {
                        conversion.add(t);
                    }
                }

                @Override
                public void itemTruth(ItemTruth t) {
                    if (truth != null) {
                        truth.write(t);
                    }
                    if (oracle) {
                        items.add(t);
                    }
                }

                @Override
                public void decisionTruth(dev.propel.datagen.truth.DecisionTruth t) {
                    if (truth != null) {
                        truth.write(t);
                    }
                }
            });
            if (sender != null) {
                sender.close();
                totals = sender.totals();
            }
        } catch (IOException | UncheckedIOException e) {
            err.println("propel generate: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("propel generate: " + e.getMessage());
            return 2;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        err.printf(Locale.ROOT, "generated %,d events for %,d sessions of %,d users over %d days (seed %d); "
                        + "%.1f%% of sessions converted, %,d purchases%n", summary.events(), summary.sessions(),
                summary.users(), config.days(), config.seed(), 100 * summary.conversionRate(), summary.purchases());
        err.printf(Locale.ROOT, "deliveries: %,d valid (%,d duplicates, %,d late, %,d out of order, %,d missing an "
                        + "optional field), %,d invalid; %,d sessions without session_id, %,d users with a skewed "
                        + "clock%n", summary.deliveries(), summary.duplicates(), summary.late(), summary.outOfOrder(),
                summary.missingOptional(), summary.invalid(), summary.sessionsWithoutId(), summary.skewedUsers());
        err.printf(Locale.ROOT, "%.2f s, %,.0f events/s%s%s%n", seconds, summary.events() / seconds,
                outPath == null ? "" : "; events: " + outPath, truthPath == null ? "" : "; truth: " + truthPath);
        if (totals != null) {
            err.printf(Locale.ROOT, "ingest API %s: %,d requests, %,d sent, %,d accepted, %,d rejected%n", api,
                    totals.requests(), totals.sent(), totals.accepted(), totals.rejected());
            for (IngestApiSender.Rejection r : totals.firstRejections().subList(0,
                    Math.min(5, totals.firstRejections().size()))) {
                err.printf("  rejected #%d: %s: %s%n", r.index(), r.field(), r.error());
            }
        }
        if (oracle && summary.convertingSessions() > 0 && summary.convertingSessions() < summary.sessions()) {
            err.printf(Locale.ROOT, "oracle ROC AUC: conversion %.4f (whole pre-purchase sessions), %.4f (every "
                            + "pre-purchase prefix, online); item %.4f%n",
                    OracleAuc.conversionBeforePurchase(conversion), OracleAuc.conversionAllPrefixes(conversion),
                    items.stream().anyMatch(ItemTruth::purchased) && items.stream().anyMatch(t -> !t.purchased())
                            ? OracleAuc.item(items) : Double.NaN);
        }
        return 0;
    }

    private SimulationConfig config() {
        DirtRates base = clean ? DirtRates.none() : DirtRates.defaults();
        DirtRates dirt = new DirtRates(
                rate("--duplicate-rate", duplicateRate, base.duplicate()),
                rate("--late-rate", lateRate, base.late()),
                rate("--out-of-order-rate", outOfOrderRate, base.outOfOrder()),
                rate("--clock-skew-rate", clockSkewRate, base.clockSkew()),
                rate("--missing-optional-rate", missingOptionalRate, base.missingOptional()),
                rate("--invalid-rate", invalidRate, base.invalid()),
                rate("--missing-session-rate", missingSessionRate, base.missingSession()));
        SimulationConfig d = SimulationConfig.defaults();
        int itemCount = OptionChecks.within(spec, "--items", items, d.items(), 10, 10_000_000);
        int categoryCount = OptionChecks.within(spec, "--categories", categories, d.categories(), 1, itemCount);
        return new SimulationConfig(OptionChecks.within(spec, "--users", users, d.users(), 1, 100_000_000),
                OptionChecks.within(spec, "--days", days, d.days(), 1, 3_660), start == null ? d.start() : start,
                seed == null ? d.seed() : seed, itemCount, categoryCount, dirt);
    }

    private double rate(String option, Double value, double fallback) {
        if (value == null) {
            return fallback;
        }
        if (!(value >= 0 && value <= 1)) {
            throw new ParameterException(spec.commandLine(), option + " must be within [0, 1], was " + value);
        }
        return value;
    }

    private Path truthPath(Path outPath) {
        if ("none".equals(truth)) {
            return null;
        }
        if (truth != null) {
            return Path.of(truth);
        }
        if (outPath == null || outPath.toString().equals("-")) {
            return null;
        }
        String name = outPath.getFileName().toString();
        String base = name.replaceAll("\\.gz$", "").replaceAll("\\.(jsonl|json|ndjson)$", "");
        return outPath.resolveSibling(base + ".truth.jsonl.gz");
    }
}
