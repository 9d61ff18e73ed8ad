package dev.propel.modelbuilder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./propel train --data FILE.csv --label COLUMN} end to end on a generated "user behaviour" CSV. */
class TrainCommandTest {
    @TempDir
    Path dir;

    /** A CSV like the product brief's user_behavior_data.csv: mixed types, booleans, missing cells, an id. */
    static Path writeUserBehaviourCsv(Path file, int rows, long seed) throws Exception {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(
                "user_id,age,country,device,sessions_30d,minutes_per_session,is_subscriber,saw_discount,purchase\n");
        String[] countries = {"DE", "FR", "UK", "US", "\"Korea, Republic of\""};
        for (int i = 0; i < rows; i++) {
            double age = 18 + r.nextInt(60);
            int c = r.nextInt(countries.length);
            String device = r.nextDouble() < 0.6 ? "mobile" : "desktop";
            double sessions = Math.floor(Math.exp(r.nextGaussian() + 1.5));
            double minutes = Math.abs(r.nextGaussian() * 4 + 6);
            boolean sub = r.nextDouble() < 0.3;
            boolean discount = r.nextDouble() < 0.5;
            double z = -2.5 + 0.5 * Math.log1p(sessions) + (sub ? 1.2 : 0) + (discount && device.equals("mobile") ? 1 : 0)
                    + (c == 3 ? 0.5 : 0) + 0.1 * minutes - Math.abs(age - 35) / 40;
            int y = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
            sb.append("u").append(i).append(',')
                    .append(r.nextDouble() < 0.05 ? "" : String.format(Locale.ROOT, "%.0f", age)).append(',')
                    .append(countries[c]).append(',').append(device).append(',')
                    .append(String.format(Locale.ROOT, "%.0f", sessions)).append(',')
                    .append(r.nextDouble() < 0.03 ? "NA" : String.format(Locale.ROOT, "%.2f", minutes)).append(',')
                    .append(sub ? "TRUE" : "FALSE").append(',').append(discount ? "yes" : "no").append(',')
                    .append(y == 1 ? "yes" : "no").append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void trainsFromCsvAndWritesModelReportsAndPredictions() throws Exception {
        Path csv = writeUserBehaviourCsv(dir.resolve("user_behavior_data.csv"), 4000, 1);
        Path out = dir.resolve("out");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = TrainCommand.run(new String[] {"--data", csv.toString(), "--label", "purchase", "--out",
                out.toString(), "--seed", "7", "--epochs", "15"}, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, stderr.toString(StandardCharsets.UTF_8));
        assertTrue(printed.contains("epoch   1"), printed);
        assertTrue(printed.contains("identifier-like"), "user_id is reported as ignored: " + printed);

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        for (String k : List.of("roc_auc", "pr_auc", "log_loss", "accuracy")) {
            assertTrue(report.path("metrics").path("test").path(k).isNumber(), k);
        }
        double auc = report.path("metrics").path("test").path("roc_auc").asDouble();
        double base = report.path("metrics").path("baselines").path("base_rate").path("roc_auc").asDouble();
        assertTrue(auc > 0.7, "AUC " + auc);
        assertEquals(0.5, base, 1e-9);
        Map<String, String> types = new java.util.HashMap<>();
        report.path("columns").forEach(c -> types.put(c.path("name").asText(), c.path("type").asText() + "/"
                + c.path("role").asText()));
        assertEquals("categorical/ignored", types.get("user_id"));
        assertEquals("numeric/feature", types.get("age"));
        assertEquals("boolean/feature", types.get("is_subscriber"));
        assertEquals("boolean/feature", types.get("saw_discount"));
        assertEquals("categorical/feature", types.get("country"));
        assertEquals("label/label", types.get("purchase"));
        assertTrue(report.path("training").path("training_millis").isNumber());
        assertTrue(report.path("training").path("epochs").asInt() >= 1);
        assertEquals(64, report.path("hyper_parameters").path("hidden").get(0).asInt());
        assertEquals(32, report.path("hyper_parameters").path("numeric_bins").asInt());
        assertEquals(3, report.path("hyper_parameters").path("ensemble").asInt());
        JsonNode anchor = report.path("metrics").path("baselines").path("gradient_boosting");
        assertTrue(anchor.path("roc_auc").asDouble() > 0.65, anchor.toString());
        JsonNode diff = report.path("metrics").path("comparison").path("gradient_boosting");
        assertEquals(auc - anchor.path("roc_auc").asDouble(), diff.path("roc_auc_difference").asDouble(), 1e-9);
        assertTrue(diff.path("ci95_lower").asDouble() <= diff.path("ci95_upper").asDouble());
        assertTrue(printed.contains("exported minus gradient_boosting"), printed);

        List<String> predictions = Files.readAllLines(out.resolve("predictions.csv"));
        assertEquals("row,label,probability", predictions.get(0));
        assertEquals(report.path("data").path("test_rows").asInt() + 1, predictions.size());
        assertEquals(800, report.path("data").path("test_rows").asInt(), 2);
        String[] firstRow = predictions.get(1).split(",");
        int sourceRow = Integer.parseInt(firstRow[0]);
        String line = Files.readAllLines(csv).get(sourceRow + 1);
        assertEquals(line.endsWith("yes") ? "1" : "0", firstRow[1], "row index points into the input file");

        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("Korea, Republic of") || html.contains("<svg"));
        assertTrue(html.contains("logistic regression"));

        // The model scores raw CSV values: the country with a comma and the boolean as 0/1.
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(out.resolve("model.onnx").toString(), new OrtSession.SessionOptions())) {
            String inputs = s.getMetadata().getCustomMetadata().get("propel.inputs");
            assertEquals("{\"numeric\":[\"age\",\"sessions_30d\",\"minutes_per_session\",\"is_subscriber\","
                    + "\"saw_discount\"],\"categorical\":[\"country\",\"device\"]}", inputs);
            try (OnnxTensor num = OnnxTensor.createTensor(env, new float[][] {{30f, 4f, 6.5f, 1f, 1f}});
                 OnnxTensor cat = OnnxTensor.createTensor(env, new String[] {"Korea, Republic of", "mobile"},
                         new long[] {1, 2});
                 OrtSession.Result res = s.run(Map.of("numeric", num, "categorical", cat))) {
                float p = ((float[][]) res.get(0).getValue())[0][0];
                assertTrue(p > 0 && p < 1, "probability " + p);
            }
        }
    }

    @Test
    void sameSeedGivesTheSameModel() throws Exception {
        Path csv = writeUserBehaviourCsv(dir.resolve("d.csv"), 1500, 2);
        String[] base = {"--data", csv.toString(), "--label", "purchase", "--quiet", "--epochs", "3", "--seed", "5",
            "--no-anchor"};
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(0, TrainCommand.run(concat(base, "--out", dir.resolve("a").toString()), sink, sink));
        assertEquals(0, TrainCommand.run(concat(base, "--out", dir.resolve("b").toString(), "--threads", "1"), sink,
                sink));
        assertEquals(Files.readString(dir.resolve("a/predictions.csv")), Files.readString(dir.resolve("b/predictions.csv")),
                "same seed, different thread count: identical predictions");
    }

    @Test
    void callerMistakesAreReportedWithoutStackTraces() throws Exception {
        Path csv = writeUserBehaviourCsv(dir.resolve("d.csv"), 50, 3);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, TrainCommand.run(new String[] {"--data", csv.toString(), "--label", "nope"}, sink, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("'nope' is not in the header"));
        assertEquals(2, TrainCommand.run(new String[] {"--data", csv.toString(), "--label", "country"}, sink, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("label column 'country' must have exactly two"
                + " values"), err.toString(StandardCharsets.UTF_8));
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "a;b;y\n1;2;yes\n3;no\n");
        assertEquals(2, TrainCommand.run(new String[] {"--data", ragged.toString(), "--label", "y"}, sink, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("line 3 has 2 fields, the header has 3 "
                + "(delimiter ';'"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, TrainCommand.run(new String[] {"--data", csv.toString(), "--label", "y", "--delimiter",
                "ab"}, sink, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--delimiter must be one character"));
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("Exception"), "no stack trace");
        assertEquals(2, TrainCommand.run(new String[] {"--data", dir.resolve("missing.csv").toString(), "--label",
                "x"}, sink, e));
        assertEquals(2, TrainCommand.run(new String[] {"--bogus"}, sink, e));
        assertEquals(2, TrainCommand.run(new String[] {"--data", csv.toString()}, sink, e));
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
