package dev.propel.testkit;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.core.features.FeatureRow;
import dev.propel.core.features.FeatureSchema;
import dev.propel.core.features.ItemFeatures;
import dev.propel.core.features.ItemStats;
import dev.propel.core.features.ItemStatsTable;
import dev.propel.core.features.SessionFeatures;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.model.ModelManifest;
import dev.propel.modelbuilder.ModelBuilder;
import dev.propel.modelbuilder.Provenance;
import dev.propel.modelbuilder.TrainingResult;
import dev.propel.modelbuilder.data.Table;
import dev.propel.modelbuilder.publish.ModelPublisher;
import dev.propel.modelbuilder.train.MlpTrainer;
import dev.propel.modelbuilder.train.TrainingConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Real models for serving tests, trained by the model-builder on sessions simulated here, with features computed
 * by {@code core}'s feature code (as the datasets stage does), and published with the model-builder's publisher.
 * Training happens once per JVM; publishing once per test bucket.
 */
public final class TestModels {
    public static final int ITEMS = 300;
    private static final Instant START = Instant.parse("2026-11-20T08:00:00Z");
    private static final LocalDate STATS_DAY = LocalDate.of(2026, 11, 27);
    private static TrainingResult conversion;
    private static TrainingResult item;
    private static TrainingResult generic;
    private static ItemStatsTable stats;

    private TestModels() {
    }

    public static String sku(int i) {
        return String.format("sku-%04d", i);
    }

    /** The conversion model (trained on first use). */
    public static synchronized TrainingResult conversion() {
        if (conversion == null) {
            build();
        }
        return conversion;
    }

    /** The item model (trained on first use). */
    public static synchronized TrainingResult item() {
        if (item == null) {
            build();
        }
        return item;
    }

    /** The item stats the item model was trained with. */
    public static synchronized ItemStatsTable stats() {
        if (stats == null) {
            build();
        }
        return stats;
    }

    /** A generic model on a small CSV-like table: numeric {@code age}, {@code pages}, categorical {@code device}. */
    public static synchronized TrainingResult generic() {
        if (generic == null) {
            Random rnd = new Random(7);
            int n = 1500;
            double[] age = new double[n];
            double[] pages = new double[n];
            String[] device = new String[n];
            int[] label = new int[n];
            String[] devices = {"mobile", "desktop", "tablet"};
            for (int i = 0; i < n; i++) {
                age[i] = 18 + rnd.nextInt(60);
                pages[i] = rnd.nextInt(30);
                device[i] = devices[rnd.nextInt(3)];
                double logit = -3 + pages[i] * 0.2 + (device[i].equals("desktop") ? 1 : 0);
                label[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
            }
            Table t = Table.builder().numeric("age", age).numeric("pages", pages).categorical("device", device)
                    .labels(label).build();
            generic = train(t, "shoppers", 0);
        }
        return generic;
    }

    /** Publishes a trained model under a given version; returns the manifest. */
    public static ModelManifest publish(S3Client s3, String bucket, TrainingResult r, String version) {
        return new ModelPublisher(s3, bucket).publish(r.provenance().task(), version, r.onnx(), r.reportJson(),
                r.reportHtml(), r.provenance().featureSchemaVersion());
    }

    /** Publishes the item stats partition and its {@code latest.json} pointer. */
    public static void publishStats(S3Client s3, String bucket) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            stats().write(gz);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String key = S3Layout.partitionPrefix(S3Layout.statsPrefix("items"), STATS_DAY) + "part-00000.csv.gz";
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes.toByteArray()));
        String pointer = "{\"key\": \"" + key + "\", \"dt\": \"" + STATS_DAY + "\", \"rows\": " + stats().size() + "}";
        s3.putObject(b -> b.bucket(bucket).key(S3Layout.statsPrefix("items") + "latest.json"),
                RequestBody.fromString(pointer, StandardCharsets.UTF_8));
    }

    /** One simulated session (events in time order) and which item, if any, it bought afterwards. */
    public record SimulatedSession(List<BehaviourEvent> events, String purchased) {
    }

    /** Sessions of a simulated shop: more cart adds, more purchases; popular items are seen and bought more. */
    public static List<SimulatedSession> simulate(Random rnd, int sessions) {
        List<SimulatedSession> out = new ArrayList<>(sessions);
        for (int s = 0; s < sessions; s++) {
            double intent = rnd.nextDouble();
            int n = 1 + rnd.nextInt(10);
            Instant t = START.plusSeconds(rnd.nextInt(7 * 86400));
            List<BehaviourEvent> events = new ArrayList<>(n);
            List<String> carted = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String sku = sku(popularItem(rnd));
                double u = rnd.nextDouble();
                String type = u < intent * 0.35 ? EventTypes.ADD_TO_CART : u < 0.8 ? EventTypes.VIEW : EventTypes.CLICK;
                if (type.equals(EventTypes.ADD_TO_CART)) {
                    carted.add(sku);
                }
                t = t.plusSeconds(5 + rnd.nextInt(120));
                events.add(new BehaviourEvent("e-" + s + "-" + i, type, s % 3 == 0 ? null : "u-" + s,
                        s % 3 == 0 ? "a-" + s : null, "s-" + s, sku, t, 5.0 + rnd.nextInt(100),
                        type.equals(EventTypes.ADD_TO_CART) ? 1 : null, null, null));
            }
            double p = 0.05 + (carted.isEmpty() ? 0.1 * intent : 0.75 * intent);
            String purchased = rnd.nextDouble() < p
                    ? (carted.isEmpty() ? events.get(events.size() - 1).itemId() : carted.get(carted.size() - 1))
                    : null;
            out.add(new SimulatedSession(events, purchased));
        }
        return out;
    }

    private static int popularItem(Random rnd) {
        double u = rnd.nextDouble();
        return (int) Math.min(ITEMS - 1, Math.floor(ITEMS * u * u * u));
    }

    private static void build() {
        Random rnd = new Random(42);
        // Item stats from an earlier window, as the datasets stage would have them.
        Map<String, long[]> counts = new HashMap<>();
        for (SimulatedSession s : simulate(rnd, 3000)) {
            for (BehaviourEvent e : s.events()) {
                long[] c = counts.computeIfAbsent(e.itemId(), k -> new long[3]);
                c[e.type().equals(EventTypes.ADD_TO_CART) ? 1 : 0]++;
            }
            if (s.purchased() != null) {
                counts.computeIfAbsent(s.purchased(), k -> new long[3])[2]++;
            }
        }
        List<ItemStats> rows = new ArrayList<>();
        counts.forEach((sku, c) -> rows.add(new ItemStats(sku, c[0], c[1], c[2], ItemStats.conversionRate(c[0], c[2]),
                START, 20.0)));
        stats = ItemStatsTable.of(rows);

        List<SimulatedSession> sessions = simulate(rnd, 2500);
        List<FeatureRow> convRows = new ArrayList<>();
        List<Integer> convLabels = new ArrayList<>();
        List<FeatureRow> itemRows = new ArrayList<>();
        List<Integer> itemLabels = new ArrayList<>();
        for (SimulatedSession s : sessions) {
            Instant cut = s.events().get(s.events().size() - 1).timestamp().plusMillis(1);
            convRows.add(SessionFeatures.compute(s.events(), cut));
            convLabels.add(s.purchased() != null ? 1 : 0);
            LinkedHashSet<String> candidates = new LinkedHashSet<>();
            s.events().forEach(e -> candidates.add(e.itemId()));
            for (int i = 0; i < 3; i++) {
                candidates.add(sku(popularItem(rnd)));
            }
            List<String> items = new ArrayList<>(candidates);
            List<FeatureRow> rowsOfSession = ItemFeatures.computeAll(s.events(), items, cut, stats);
            for (int i = 0; i < items.size(); i++) {
                itemRows.add(rowsOfSession.get(i));
                itemLabels.add(items.get(i).equals(s.purchased()) ? 1 : 0);
            }
        }
        conversion = train(table(convRows, convLabels, FeatureSchema.CONVERSION.size()), "conversion",
                FeatureSchema.VERSION);
        item = train(table(itemRows, itemLabels, FeatureSchema.ITEM.size()), "item", FeatureSchema.VERSION);
    }

    private static Table table(List<FeatureRow> rows, List<Integer> labels, int width) {
        FeatureRow first = rows.get(0);
        Table.Builder b = Table.builder();
        for (String name : first.numericNames()) {
            double[] col = new double[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                col[r] = rows.get(r).numeric(name);
            }
            b.numeric(name, col);
        }
        for (String name : first.categoricalNames()) {
            String[] col = new String[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                col[r] = rows.get(r).categorical(name);
            }
            b.categorical(name, col);
        }
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        if (first.numericNames().size() + first.categoricalNames().size() != width) {
            throw new IllegalStateException("feature rows do not match the schema width");
        }
        return b.labels(y).build();
    }

    private static TrainingResult train(Table t, String task, int schemaVersion) {
        Provenance p = new Provenance(task, "20261127T000000Z", "label", "simulated", "", schemaVersion, "test");
        return ModelBuilder.train(t, TrainingConfig.defaults().withHidden(16, 16).withMaxEpochs(40).withSeed(1), p,
                MlpTrainer.Progress.silent(), List.of());
    }
}
