package dev.propel.modelbuilder.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.model.ModelManifest;
import dev.propel.modelbuilder.cli.TrainCommand;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Trains the item task from dataset partitions in S3 and publishes it, through the CLI. */
@ExtendWith(EmbeddedS3Extension.class)
class DatasetTrainingTest {
    private static final String BUCKET = EmbeddedS3Extension.BUCKET;

    @TempDir
    Path dir;

    /** One day's item dataset: sessions of 12 candidates; popular, viewed and cheap items get bought. */
    static void writeItemPartition(S3Client s3, LocalDate day, int sessions, long seed) throws IOException {
        Random r = new Random(seed);
        StringBuilder csv = new StringBuilder("session_key,item_id,session_views,item_views_in_session,"
                + "item_popularity,price,device,label\n");
        int rows = 0;
        for (int s = 0; s < sessions; s++) {
            String device = r.nextBoolean() ? "mobile" : "desktop";
            int views = 1 + r.nextInt(20);
            for (int c = 0; c < 12; c++) {
                int item = (int) Math.min(199, Math.abs(r.nextGaussian() * 60));
                int inSession = r.nextInt(4);
                double pop = 200.0 / (item + 1);
                double price = 5 + r.nextInt(200);
                double z = -5 + 1.2 * inSession + 0.3 * Math.log(pop) - 0.01 * price + 0.05 * views;
                int y = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
                csv.append(day).append('-').append(s).append(",i").append(item).append(',').append(views).append(',')
                        .append(inSession).append(',').append(String.format(Locale.ROOT, "%.3f", pop)).append(',')
                        .append(c == 3 ? "" : String.format(Locale.ROOT, "%.2f", price)).append(',').append(device)
                        .append(',').append(y).append('\n');
                rows++;
            }
        }
        String prefix = "datasets/item/dt=" + day + "/";
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(csv.toString().getBytes(StandardCharsets.UTF_8));
        }
        s3.putObject(b -> b.bucket(BUCKET).key(prefix + "part-00000.csv.gz"), RequestBody.fromBytes(gz.toByteArray()));
        String manifest = """
                {"task": "item", "dt": "%s", "rows": %d, "feature_schema_version": 3, "label": "label",
                 "group": "session_key", "id_columns": ["session_key", "item_id"],
                 "numeric": ["session_views", "item_views_in_session", "item_popularity", "price"],
                 "categorical": ["device"], "files": ["part-00000.csv.gz"]}
                """.formatted(day, rows);
        s3.putObject(b -> b.bucket(BUCKET).key(prefix + "_manifest.json"), RequestBody.fromString(manifest));
    }

    @Test
    void conversionPrefixesOfOneSessionStayOnOneSideOfTheSplit(EmbeddedS3 s3) throws Exception {
        S3Client client = s3.client();
        Random r = new Random(4);
        StringBuilder csv = new StringBuilder("session_key,cut_at,session_events,session_carts,device,label\n");
        int rows = 0;
        for (int s = 0; s < 600; s++) {
            boolean converts = r.nextDouble() < 0.2;
            int prefixes = 1 + r.nextInt(6);
            String device = r.nextBoolean() ? "mobile" : "desktop";
            for (int k = 1; k <= prefixes; k++) {
                int carts = converts ? Math.min(k, 1 + r.nextInt(3)) : r.nextInt(2);
                csv.append("s").append(s).append(",2026-11-05T10:0").append(k).append(":00Z,").append(k).append(',')
                        .append(carts).append(',').append(device).append(',').append(converts ? 1 : 0).append('\n');
                rows++;
            }
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(csv.toString().getBytes(StandardCharsets.UTF_8));
        }
        String prefix = "datasets/conversion/dt=2026-11-05/";
        client.putObject(b -> b.bucket(BUCKET).key(prefix + "part-00000.csv.gz"), RequestBody.fromBytes(gz.toByteArray()));
        client.putObject(b -> b.bucket(BUCKET).key(prefix + "_manifest.json"), RequestBody.fromString("""
                {"task": "conversion", "dt": "2026-11-05", "rows": %d, "feature_schema_version": 1, "label": "label",
                 "group": null, "id_columns": ["session_key", "cut_at"],
                 "numeric": ["session_events", "session_carts"], "categorical": ["device"],
                 "files": ["part-00000.csv.gz"]}
                """.formatted(rows)));

        dev.propel.modelbuilder.TrainingResult result = new BucketTraining(client, BUCKET).train(
                BucketTraining.Request.of("conversion", null, null,
                        dev.propel.modelbuilder.train.TrainingConfig.defaults().withMaxEpochs(3))).result();
        java.util.Set<String> testSessions = new java.util.HashSet<>(java.util.List.of(result.test().keys()));
        assertTrue(testSessions.size() > 60 && testSessions.size() < 180, "about 20% of 600 sessions");
        assertEquals("by row key (session)", result.report().get("data.split"));
        assertEquals(java.util.List.of("session_events", "session_carts"), result.pipeline().numericNames());
        String predictions = new String(result.predictionsCsv(), StandardCharsets.UTF_8);
        assertTrue(predictions.startsWith("row,label,probability,key\n"), predictions.substring(0, 40));
        assertTrue(predictions.split("\n")[1].matches("\\d+,[01],[0-9.E-]+,s\\d+"), predictions.split("\n")[1]);
    }

    @Test
    void trainsItemTaskFromPartitionsInRangeAndPublishes(EmbeddedS3 s3) throws Exception {
        S3Client client = s3.client();
        writeItemPartition(client, LocalDate.parse("2026-11-01"), 400, 1);
        writeItemPartition(client, LocalDate.parse("2026-11-02"), 400, 2);
        writeItemPartition(client, LocalDate.parse("2026-11-03"), 400, 3);

        DatasetLoader.Loaded loaded = new DatasetLoader(client, BUCKET).load("item",
                LocalDate.parse("2026-11-02"), null);
        assertEquals(2, loaded.partitions());
        assertEquals("2026-11-02..2026-11-03", loaded.range());
        assertEquals(2 * 400 * 12, loaded.table().rows());
        assertEquals(3, loaded.featureSchemaVersion());
        assertEquals(java.util.List.of("device"), loaded.table().categoricalNames());
        assertTrue(loaded.table().groups()[0].startsWith("2026-11-02-"));

        Path out = dir.resolve("item");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = TrainCommand.run(new String[] {"--task", "item", "--from", "2026-11-01", "--to", "2026-11-02",
                "--bucket", BUCKET, "--s3-endpoint", s3.endpoint().toString(), "--out", out.toString(), "--publish",
                "--quiet", "--epochs", "10"}, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertEquals(0, code, stderr.toString(StandardCharsets.UTF_8));

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("item", report.path("task").asText());
        assertEquals("2026-11-01..2026-11-02", report.path("data").path("range").asText());
        assertEquals("by group (session)", report.path("data").path("split").asText());
        JsonNode ranking = report.path("metrics").path("ranking");
        for (String ranker : new String[] {"model", "logistic_regression", "popularity"}) {
            assertTrue(ranking.path(ranker).path("ndcg_at_10").isNumber(), ranker + " " + ranking);
            assertTrue(ranking.path(ranker).path("hit_rate_at_10").isNumber());
            assertTrue(ranking.path(ranker).path("mrr").isNumber());
        }
        assertTrue(ranking.path("model").path("ndcg_at_10").asDouble()
                > ranking.path("popularity").path("ndcg_at_10").asDouble(), ranking.toString());

        ModelManifest manifest = ModelManifest.fromJson(client.getObjectAsBytes(
                b -> b.bucket(BUCKET).key("models/item/latest.json")).asByteArray());
        assertEquals("item", manifest.task());
        assertEquals(3, manifest.featureSchemaVersion());
        assertEquals(report.path("version").asText(), manifest.version());
        byte[] model = client.getObjectAsBytes(b -> b.bucket(BUCKET).key(manifest.modelKey())).asByteArray();
        assertEquals(dev.propel.modelbuilder.publish.ModelPublisher.sha256(model), manifest.sha256());
    }
}
