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
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code ./propel generate}: runs the shop simulator into a JSON lines file and/or an ingest API. */
public final class GenerateCommand {
    static final String HELP = """
            usage: ./propel generate [options]

            Simulated shop traffic with known ground truth (see docs/simulator.md). Same options, same events.

              --users N                 shoppers (default 1000; 140,000 over 14 days make ~1M events)
              --days N                  simulated days (default 7)
              --start YYYY-MM-DD        first simulated day, UTC (default 2026-11-01)
              --seed N                  random seed (default 42)
              --items N                 catalogue size (default 2000)
              --categories N            item categories (default 20)
              --out FILE                events as JSON lines, in receive order; .gz compresses; - is stdout
                                        (default events.jsonl.gz unless --api is given)
              --truth FILE              ground-truth sidecar, JSON lines (default: next to --out,
                                        <name>.truth.jsonl.gz; 'none' to skip)
              --api URL                 also POST the events to a Propel ingest API, e.g. http://127.0.0.1:3000
                                        (with $PROPEL_WRITE_KEY as x-api-key when set)
              --batch N                 events per request with --api (1..500, default 500)
              --oracle                  print the oracle ROC AUC of the conversion and item tasks
              --decisions               the shop calls /decide once per session (default policy, 10 %
                                        exploration) and shoppers react to the action; decision events
                                        and their truth under every action (kind "decision") are written
              --clean                   no dirt: every rate below is 0
              --duplicate-rate R        events delivered twice (default 0.01)
              --late-rate R             events delivered 5 min to 6 h late (default 0.005)
              --out-of-order-rate R     events delayed 1 to 120 s (default 0.02)
              --clock-skew-rate R       share of users whose clock is off (default 0.02)
              --missing-optional-rate R events missing price, quantity or properties (default 0.03)
              --invalid-rate R          extra invalid events (default 0.002)
              --missing-session-rate R  share of sessions sent without session_id (default 0.10)
            """;
    private static final Set<String> VALUED = Set.of("users", "days", "start", "seed", "items", "categories", "out",
            "truth", "api", "batch", "duplicate-rate", "late-rate", "out-of-order-rate", "clock-skew-rate",
            "missing-optional-rate", "invalid-rate", "missing-session-rate");
    private static final Set<String> FLAGS = Set.of("help", "clean", "oracle", "decisions");

    private GenerateCommand() {
    }

    /** Runs the command with stdout/stderr; returns the exit code (0 ok, 1 failure, 2 usage). */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    /** Runs the command; the summary goes to {@code err} because {@code out} may carry the events. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments a;
        SimulationConfig config;
        URI api;
        int batch;
        try {
            a = Arguments.parse(args, VALUED, FLAGS);
            if (a.has("help")) {
                out.print(HELP);
                return 0;
            }
            if (!a.operands().isEmpty()) {
                throw new Arguments.UsageException("unexpected argument '" + a.operands().get(0) + "'");
            }
            config = config(a);
            api = a.getUrl("api");
            batch = a.getInt("batch", IngestApiSender.MAX_BATCH, 1, IngestApiSender.MAX_BATCH);
        } catch (Arguments.UsageException e) {
            err.println("propel generate: " + e.getMessage());
            err.print(HELP);
            return 2;
        }
        Path outPath = a.has("out") ? Path.of(a.get("out", null)) : a.has("api") ? null : Path.of("events.jsonl.gz");
        Path truthPath = truthPath(a, outPath);
        boolean oracle = a.has("oracle");
        List<ConversionTruth> conversion = new ArrayList<>();
        List<ItemTruth> items = new ArrayList<>();

        long started = System.nanoTime();
        SimulationSummary summary;
        IngestApiSender.Totals totals = null;
        try (DeliveryWriter writer = outPath == null ? null : DeliveryWriter.open(outPath);
             TruthFile truth = truthPath == null ? null : TruthFile.create(truthPath)) {
            IngestApiSender sender = api == null ? null : new IngestApiSender(api, batch);
            summary = new ShopSimulator(config, a.has("decisions")
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

    private static SimulationConfig config(Arguments a) throws Arguments.UsageException {
        DirtRates base = a.has("clean") ? DirtRates.none() : DirtRates.defaults();
        DirtRates dirt = new DirtRates(
                a.getRate("duplicate-rate", base.duplicate()),
                a.getRate("late-rate", base.late()),
                a.getRate("out-of-order-rate", base.outOfOrder()),
                a.getRate("clock-skew-rate", base.clockSkew()),
                a.getRate("missing-optional-rate", base.missingOptional()),
                a.getRate("invalid-rate", base.invalid()),
                a.getRate("missing-session-rate", base.missingSession()));
        SimulationConfig d = SimulationConfig.defaults();
        LocalDate start;
        try {
            start = a.has("start") ? LocalDate.parse(a.get("start", null)) : d.start();
        } catch (DateTimeParseException e) {
            throw new Arguments.UsageException("--start must be a date YYYY-MM-DD, was '" + a.get("start", "") + "'");
        }
        int items = a.getInt("items", d.items(), 10, 10_000_000);
        int categories = a.getInt("categories", d.categories(), 1, items);
        return new SimulationConfig(a.getInt("users", d.users(), 1, 100_000_000), a.getInt("days", d.days(), 1,
                3_660), start, a.getLong("seed", d.seed()), items, categories, dirt);
    }

    private static Path truthPath(Arguments a, Path outPath) {
        String truth = a.get("truth", null);
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
