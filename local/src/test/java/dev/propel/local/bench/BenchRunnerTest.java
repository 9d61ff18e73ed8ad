package dev.propel.local.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchRunnerTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(List<BenchmarkSuite> suites, String... args) {
        return BenchRunner.run(args, suites, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void suitesRegisteredAsServicesAreFound() {
        assertTrue(ServiceLoader.load(BenchmarkSuite.class).stream()
                .anyMatch(p -> p.type() == ArithmeticSuite.class));
    }

    @Test
    void printsOneTableAndWritesJson(@TempDir Path state) throws Exception {
        assertEquals(0, run(List.of(new ArithmeticSuite()), "--quick", "--markdown", "--state", state.toString()));
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("8 adds per op"), table);
        assertTrue(table.contains("| figure | value | anchor | ratio | target | met |"), table);
        assertTrue(table.contains("cores"), "the README table names the machine");
        JsonNode doc = new ObjectMapper().readTree(state.resolve("bench/latest.json").toFile());
        assertEquals(2, doc.get("figures").size());
        JsonNode f = doc.get("figures").get(0);
        assertEquals("arithmetic", f.get("suite").asText());
        assertEquals(f.get("value").asDouble() / f.get("anchor_value").asDouble(), f.get("ratio").asDouble(), 1e-9);
        assertEquals("≤ 1000x", f.get("target").asText());
        try (var files = Files.list(state.resolve("bench"))) {
            assertEquals(2, files.filter(p -> p.getFileName().toString().startsWith("bench-")
                    || p.getFileName().toString().equals("latest.json")).count());
        }
    }

    @Test
    void aFailingSuiteIsReportedAndTheOthersStillRun(@TempDir Path state) {
        BenchmarkSuite broken = new BenchmarkSuite() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public List<BenchFigure> run(BenchContext context) {
                throw new IllegalStateException("no data");
            }
        };
        assertEquals(1, run(List.of(broken, new ArithmeticSuite()), "--quick", "--state", state.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("suite broken failed"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("8 adds per op"));
    }

    @Test
    void noSuitesIsAClearMessage(@TempDir Path state) {
        assertEquals(3, run(List.of(), "--state", state.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no benchmark suite is registered yet"));
    }

    @Test
    void onlyIsRepeatableAndAnUnknownSuiteIsNamed(@TempDir Path state) {
        BenchmarkSuite other = new BenchmarkSuite() {
            @Override
            public String name() {
                return "other";
            }

            @Override
            public List<BenchFigure> run(BenchContext context) {
                return List.of(BenchFigure.absolute("other", "other figure", 1, "x", "> 0", true));
            }
        };
        BenchmarkSuite skipped = new BenchmarkSuite() {
            @Override
            public String name() {
                return "skipped";
            }

            @Override
            public List<BenchFigure> run(BenchContext context) {
                throw new AssertionError("not asked for");
            }
        };
        assertEquals(0, run(List.of(new ArithmeticSuite(), skipped, other), "--only", "arithmetic", "--only", "other",
                "--quick", "--state", state.toString()));
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("8 adds per op") && table.contains("other figure"), table);
        assertEquals(2, run(List.of(new ArithmeticSuite()), "--only", "nope", "--state", state.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no suite named 'nope'"));
    }
}
