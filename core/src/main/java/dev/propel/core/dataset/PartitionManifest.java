package dev.propel.core.dataset;

import java.time.LocalDate;
import java.util.List;

/**
 * The {@code _manifest.json} of one day partition of a datasets or stats table: written after the parts it names,
 * so a reader that finds a manifest finds its files.
 */
public sealed interface PartitionManifest permits DatasetManifest, TableManifest {
    /** The partition's day. */
    LocalDate dt();

    /** Rows (lines) in the partition's files together. */
    long rows();

    /** The partition's files, relative to its folder, in read order. */
    List<String> files();

    /** The manifest JSON, pretty-printed as every manifest in the bucket is. */
    default byte[] toJson() {
        return ManifestJson.write(this);
    }
}
