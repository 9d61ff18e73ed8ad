package dev.propel.local.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./propel eval next-item} on a small synthetic log whose sessions walk along fixed item chains (with
 * noise): recall and the reranker must find the next item far more often than popularity does.
 */
class EvalCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Sessions walking chains c0-c1-c2-...; a quarter of the steps jump to a random item. */
    private static List<List<Integer>> sessions(int count, long seed) {
        Random r = new Random(seed);
        List<List<Integer>> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int chain = r.nextInt(40);
            int pos = r.nextInt(5);
            int len = 2 + r.nextInt(5);
            List<Integer> items = new ArrayList<>();
            for (int i = 0; i < len; i++) {
                items.add(r.nextDouble() < 0.25 ? 1000 + r.nextInt(200) : chain * 10 + (pos + i) % 10);
            }
            out.add(items);
        }
        return out;
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EvalCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void rerankedRecallBeatsPopularityAndWritesItsFigures(@TempDir Path dir) throws IOException {
        List<String> train = new ArrayList<>();
        int n = 0;
        for (List<Integer> s : sessions(3000, 1)) {
            train.add("{\"session\": " + (n++) + ", \"items\": " + s + "}");
        }
        List<String> test = new ArrayList<>();
        for (List<Integer> s : sessions(300, 2)) {
            for (int p = 1; p < s.size(); p++) {
                test.add("{\"session\": " + (n) + ", \"prefix\": " + s.subList(0, p) + ", \"target\": " + s.get(p)
                        + "}");
            }
            n++;
        }
        write(dir.resolve("train.jsonl"), train);
        write(dir.resolve("test.jsonl"), test);
        Run r = run("next-item", "--train", dir.resolve("train.jsonl").toString(), "--test",
                dir.resolve("test.jsonl").toString(), "--out", dir.resolve("out").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = JSON.readTree(dir.resolve("out/next_item.json").toFile());
        assertEquals(test.size(), j.get("cases").asLong());
        double hr = j.get("hr_at_20").asDouble();
        double pop = j.get("popularity").get("hr_at_20").asDouble();
        // 75% of the steps follow the chain: the next item is predictable about that often
        assertTrue(hr > 60, r.out());
        assertTrue(hr > pop + 30, r.out());
        assertTrue(j.get("mrr_at_20").asDouble() <= hr);
        assertTrue(j.get("recall").get("hr_at_20").asDouble() > pop, r.out());
        assertTrue(j.get("latency_p50_ms").asDouble() > 0);
        assertTrue(r.out().contains("recall + reranker  HR@20"), r.out());
        assertTrue(r.err().contains("reranker epoch"), "progress is shown: " + r.err());
    }

    @Test
    void aMalformedLineStopsTheCommandWithFileAndLine(@TempDir Path dir) throws IOException {
        write(dir.resolve("train.jsonl"), List.of("{\"session\": 1, \"items\": [1, 2]}", "{\"session\": 2, \"items\": 7}"));
        write(dir.resolve("test.jsonl"), List.of("{\"session\": 3, \"prefix\": [1], \"target\": 2}"));
        Run r = run("next-item", "--train", dir.resolve("train.jsonl").toString(), "--test",
                dir.resolve("test.jsonl").toString(), "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("train.jsonl:2: \"items\" must be an array"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void missingArgumentsAndFilesAreNamed(@TempDir Path dir) {
        Run none = run("next-item", "--train", "x.jsonl.gz");
        assertEquals(2, none.code());
        assertTrue(none.err().contains("propel eval next-item: Missing required option: '--test"), none.err());
        Run missing = run("next-item", "--train", dir.resolve("nope.jsonl.gz").toString(), "--test",
                dir.resolve("nope2.jsonl.gz").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }
}
