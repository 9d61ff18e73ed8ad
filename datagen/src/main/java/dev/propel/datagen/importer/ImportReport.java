package dev.propel.datagen.importer;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of importing one file.
 *
 * @param format     the format
 * @param file       the file as given
 * @param records    source records read (data rows of a CSV file; events of an OTTO session line, or the line
 *                   itself when it cannot be parsed)
 * @param imported   Propel events produced
 * @param rejected   records rejected
 * @param rejections the first {@value #KEPT_REJECTIONS} rejections, in file order
 */
public record ImportReport(ImportFormat format, String file, long records, long imported, long rejected,
                           List<Rejection> rejections) {
    /** How many rejections a report lists (all are counted). */
    public static final int KEPT_REJECTIONS = 1_000;

    /** One rejected record: its 1-based line number in the file and why. */
    public record Rejection(long line, String reason) {
    }

    /** Collects a report while a file is read. */
    public static final class Builder {
        private final ImportFormat format;
        private final String file;
        private final List<Rejection> rejections = new ArrayList<>();
        private long records;
        private long imported;
        private long rejected;

        public Builder(ImportFormat format, String file) {
            this.format = format;
            this.file = file;
        }

        /** A record converted into one event. */
        public void imported() {
            records++;
            imported++;
        }

        /** A record rejected. */
        public void rejected(long line, String reason) {
            records++;
            rejected++;
            if (rejections.size() < KEPT_REJECTIONS) {
                rejections.add(new Rejection(line, reason));
            }
        }

        public ImportReport build() {
            return new ImportReport(format, file, records, imported, rejected, List.copyOf(rejections));
        }
    }
}
