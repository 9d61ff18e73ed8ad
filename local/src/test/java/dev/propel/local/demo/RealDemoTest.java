package dev.propel.local.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./propel demo} end to end with the real parts and the repository's template.yaml: simulator traffic
 * through the real IngestFunction over HTTP, PreprocessFunction by S3 notification, BuildDatasetsFunction, the
 * model-builder publishing both models, and the real serving functions answering with ONNX Runtime.
 */
class RealDemoTest {
    @Test
    void theDemoRunsTheRealPipelineAndExitsZero(@TempDir Path state) throws Exception {
        Path template = Path.of("../template.yaml");
        Assumptions.assumeTrue(Files.isRegularFile(template), "no template.yaml at the repository root");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DemoRunner runner = new DemoRunner(new DemoSettings(2, 7, 500, 0, state.resolve("demo"), template),
                DemoParts.standard(), new PrintStream(err, true, StandardCharsets.UTF_8));
        DemoSummary summary = runner.run();

        assertTrue(summary.events() > 500, "a couple of days of traffic: " + summary.events());
        assertEquals(summary.events(), summary.accepted(), "every valid event accepted by POST /events");
        assertTrue(summary.rawObjects() > 0);
        assertEquals(summary.rawObjects(), summary.cleanObjects(), "each raw object preprocessed by notification");
        assertTrue(summary.datasets().stream().anyMatch(d -> d.startsWith("conversion") && !d.endsWith(" 0 rows")),
                summary.render());
        assertEquals(2, summary.models().size());
        for (PublishedModel m : summary.models()) {
            assertTrue(m.rocAuc() > 0.6, m.task() + " AUC " + m.rocAuc());
            assertTrue(Files.isRegularFile(Path.of(m.report().split(" ")[0])), m.report());
        }
        assertEquals(3, summary.answers().size());
        for (DemoSummary.ApiAnswer a : summary.answers()) {
            assertEquals(200, a.status(), a.path() + " " + a.body());
        }
        assertTrue(summary.answers().get(2).body().contains("\"action\""), summary.answers().get(2).body());
    }
}
