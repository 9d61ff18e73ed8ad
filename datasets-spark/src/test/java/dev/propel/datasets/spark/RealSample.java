package dev.propel.datasets.spark;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.datagen.importer.ImportFormat;
import dev.propel.testkit.RepositoryFolders;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real REES46 sample of {@code ../shared/data}, through datagen's importer (as {@code ./propel import} does). */
final class RealSample {
    static final String FILE = "rees46_2019-Oct_head_sample.csv";

    private RealSample() {
    }

    /** The sample in the shared data, else null. */
    static Path file() {
        return RepositoryFolders.sharedFile(FILE).orElse(null);
    }

    static List<BehaviourEvent> rees46(Path file) throws IOException {
        List<BehaviourEvent> out = new ArrayList<>();
        ImportFormat.of("rees46").importer().importFile(file, out::add);
        return out;
    }
}
