package dev.propel.datagen.importer;

import dev.propel.core.event.BehaviourEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Converts one public event-log file into Propel events. */
public interface EventLogImporter {

    /** The format this importer reads. */
    ImportFormat format();

    /**
     * Converts one file: every event goes to {@code sink} in file order; every bad record is counted and listed in
     * the report with its line number and never stops the import.
     *
     * @throws IOException when the file cannot be read or is not of this format at all (e.g. a foreign header)
     */
    ImportReport importFile(Path file, Consumer<BehaviourEvent> sink) throws IOException;
}
