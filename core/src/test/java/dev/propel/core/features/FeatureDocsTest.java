package dev.propel.core.features;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps {@code docs/features.md} and {@link FeatureSchema} in step: one documented line per feature. */
class FeatureDocsTest {
    @Test
    void everyFeatureIsDocumentedWithItsKindAndMeaning() throws IOException {
        Path doc = null;
        for (Path p = Path.of("").toAbsolutePath(); p != null && doc == null; p = p.getParent()) {
            Path d = p.resolve("docs").resolve("features.md");
            doc = Files.isRegularFile(d) ? d : null;
        }
        assertNotNull(doc, "docs/features.md not found above the working directory");
        List<String> lines = Files.readAllLines(doc);
        assertTrue(lines.stream().anyMatch(l -> l.contains("Feature schema version: " + FeatureSchema.VERSION)),
                "docs/features.md states another schema version");
        for (FeatureSpec s : FeatureSchema.ITEM) {
            String row = "| `" + s.name() + "` | " + s.kind().name().toLowerCase() + " | " + s.meaning() + " |";
            assertTrue(lines.contains(row), "docs/features.md lacks or differs on: " + row);
        }
    }
}
