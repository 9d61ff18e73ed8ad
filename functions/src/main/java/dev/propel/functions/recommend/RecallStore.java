package dev.propel.functions.recommend;

import dev.propel.core.layout.S3Layout;
import dev.propel.core.recall.RecallIndex;
import dev.propel.core.recall.RecallManifest;
import dev.propel.functions.model.ModelLoader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The recall artefact on S3: publishing writes {@code recall/<version>/recall.bin} first and the manifest
 * {@code recall/latest.json} last, so a reader never follows a pointer to a partial artefact; loading checks the
 * manifest's checksum and the artefact's own consistency before anything serves from it.
 */
public final class RecallStore {
    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final S3Client s3;
    private final String bucket;

    public RecallStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** A loaded artefact with the manifest that named it. */
    public record Loaded(RecallManifest manifest, RecallIndex index) {
    }

    /** Writes a new version and then moves the pointer to it. */
    public RecallManifest publish(RecallIndex index, LocalDate from, LocalDate to, Instant now, int sessions) {
        String version = VERSION.format(now);
        byte[] bytes = index.toBytes();
        String key = S3Layout.recallKey(version);
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/octet-stream"),
                RequestBody.fromBytes(bytes));
        RecallManifest manifest = new RecallManifest(version, key, ModelLoader.sha256(bytes), bytes.length,
                RecallIndex.FORMAT_VERSION, index.itemCount(), sessions, from == null ? null : from.toString(),
                to == null ? null : to.toString(), now.toString());
        s3.putObject(b -> b.bucket(bucket).key(S3Layout.recallManifestKey()).contentType("application/json"),
                RequestBody.fromBytes(manifest.toJson()));
        return manifest;
    }

    /** The current manifest, if recall was ever published. */
    public Optional<RecallManifest> manifest() {
        try {
            return Optional.of(RecallManifest.fromJson(s3.getObjectAsBytes(b -> b.bucket(bucket)
                    .key(S3Layout.recallManifestKey())).asByteArray()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /**
     * Loads the artefact a manifest names.
     *
     * @throws IllegalStateException when it is missing, its checksum differs, or it is not a consistent artefact
     */
    public Loaded load(RecallManifest manifest) {
        byte[] bytes;
        try {
            bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(manifest.key())).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new IllegalStateException("recall manifest names " + manifest.key() + " which does not exist");
        }
        String actual = ModelLoader.sha256(bytes);
        if (!actual.equalsIgnoreCase(manifest.sha256())) {
            throw new IllegalStateException(manifest.key() + " has SHA-256 " + actual + " but the manifest says "
                    + manifest.sha256() + " (corrupt or partial upload)");
        }
        try {
            return new Loaded(manifest, RecallIndex.fromBytes(bytes));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(manifest.key() + ": " + e.getMessage(), e);
        }
    }

    /** The latest artefact, if any. */
    public Optional<Loaded> loadLatest() {
        return manifest().map(this::load);
    }
}
