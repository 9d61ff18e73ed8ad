package dev.propel.datasets.spark;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.datagen.importer.ImportFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real REES46 sample of {@code ../shared/data}, through datagen's importer (as {@code ./propel import} does). */
final class RealSample {
    static final String FILE = "rees46_2019-Oct_head_sample.csv";

    private RealSample() {
    }

    /** The sample found by walking up from the working directory, else null. */
    static Path file() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path f = p.resolve("shared").resolve("data").resolve(FILE);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        return null;
    }

    static List<BehaviourEvent> rees46(Path file) throws IOException {
        List<BehaviourEvent> out = new ArrayList<>();
        ImportFormat.of("rees46").importer().importFile(file, out::add);
        return out;
    }
}
