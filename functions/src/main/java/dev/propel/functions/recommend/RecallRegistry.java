package dev.propel.functions.recommend;

import dev.propel.core.layout.S3Layout;
import dev.propel.core.log.JsonLog;
import dev.propel.core.recall.RecallIndex;
import dev.propel.core.recall.RecallManifest;
import dev.propel.functions.model.ObjectETag;
import dev.propel.functions.model.RefreshGate;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The recall artefact serving recommends from, kept fresh like the models: loaded on first use (the cold start),
 * then at most once per refresh interval a request pays for a HEAD of {@code recall/latest.json}; when its ETag
 * changed, the new artefact is checked (format version, checksum, consistency, item count) and swapped in. A
 * broken artefact is logged and refused, and the last good one kept; with none at all, {@link #current()} is
 * empty and {@code /rank} falls back (marked in its answer), never a 500.
 */
public final class RecallRegistry {
    private final RecallStore store;
    private final S3Client s3;
    private final String bucket;
    private final RefreshGate gate;
    private final JsonLog log;
    private volatile RecallStore.Loaded current;
    private volatile String failure = "not loaded yet";
    private String etag;

    public RecallRegistry(S3Client s3, String bucket, Duration refreshInterval, JsonLog log) {
        this(s3, bucket, refreshInterval, System::nanoTime, log);
    }

    RecallRegistry(S3Client s3, String bucket, Duration refreshInterval, LongSupplier nanoClock, JsonLog log) {
        this.store = new RecallStore(s3, bucket);
        this.s3 = s3;
        this.bucket = bucket;
        this.gate = new RefreshGate(refreshInterval, nanoClock);
        this.log = log;
    }

    /** The artefact serving now; empty when none was published or every one published was refused. */
    public Optional<RecallStore.Loaded> current() {
        gate.refreshIfDue(this::refresh);
        return Optional.ofNullable(current);
    }

    /** Why there is no artefact (null when one is loaded). */
    public String failure() {
        return current == null ? failure : null;
    }

    /** Makes the next request re-check the manifest (after a SnapStart restore the snapshot may be old). */
    public void checkOnNextRequest() {
        gate.dueNow();
    }

    private void refresh() {
        long started = System.nanoTime();
        String key = S3Layout.recallManifestKey();
        RecallStore.Loaded previous = current;
        String tag = null;
        try {
            tag = ObjectETag.head(s3, bucket, key);
            if (tag == null) {
                missing(previous, key);
                return;
            }
            if (tag.equals(etag)) {
                return;
            }
            Optional<RecallManifest> manifest = store.manifest();
            if (manifest.isEmpty()) {
                missing(previous, key);
                return;
            }
            RecallManifest m = manifest.get();
            if (previous != null && previous.manifest().version().equals(m.version())
                    && previous.manifest().sha256().equalsIgnoreCase(m.sha256())) {
                etag = tag;
                return;
            }
            RecallStore.Loaded fresh = load(m);
            etag = tag;
            current = fresh;
            failure = null;
            log.info("recall loaded").with("recall_version", m.version()).with("items", fresh.index().itemCount())
                    .with("sessions", fresh.index().sessionCount()).with("bytes", m.bytes())
                    .with("heap_mb", fresh.index().sizeBytes() >> 20)
                    .with("previous_version", previous == null ? null : previous.manifest().version())
                    .with("load_ms", (System.nanoTime() - started) / 1_000_000).log();
        } catch (SdkException e) {
            // Storage trouble is transient: the ETag is not remembered, so the next interval tries again.
            refused(previous, e.toString());
        } catch (RuntimeException e) {
            // The manifest or artefact itself is bad: remembered, so a broken artefact is not downloaded and
            // refused again every interval; a new publication (new ETag) is looked at.
            etag = tag;
            refused(previous, e.getMessage());
        }
    }

    /** Checks what the manifest promises before and after the download. */
    private RecallStore.Loaded load(RecallManifest m) {
        if (m.formatVersion() != RecallIndex.FORMAT_VERSION) {
            // Refused before the download: the bytes could not be read anyway.
            throw new IllegalStateException("recall " + m.version() + " has format version " + m.formatVersion()
                    + ", this code reads " + RecallIndex.FORMAT_VERSION + "; rebuild recall or deploy matching code");
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (m.bytes() > heap / 4) {
            // The bytes, the arrays built from them and the artefact still serving must fit at once; running out
            // of memory would kill the container at every cold start, not just refuse this artefact.
            throw new IllegalStateException("recall " + m.version() + " is " + (m.bytes() >> 20) + " MB, too large "
                    + "for this function's " + (heap >> 20) + " MB heap; raise its memory or shrink recall");
        }
        RecallStore.Loaded loaded = store.load(m);
        if (loaded.index().itemCount() != m.items()) {
            throw new IllegalStateException("recall " + m.version() + ": the manifest says " + m.items()
                    + " items, the artefact holds " + loaded.index().itemCount());
        }
        return loaded;
    }

    private void missing(RecallStore.Loaded previous, String key) {
        etag = null;
        if (previous == null) {
            String reason = "no recall artefact published (" + key + " does not exist)";
            if (!reason.equals(failure)) {
                // Once, not every interval: a shop without recall yet is a state, not an incident.
                log.warn("recall unavailable").with("reason", reason).log();
            }
            failure = reason;
        } else {
            log.warn("recall manifest disappeared, keeping loaded artefact")
                    .with("recall_version", previous.manifest().version()).log();
        }
    }

    private void refused(RecallStore.Loaded previous, String reason) {
        if (previous == null) {
            failure = reason;
            log.error("recall unavailable").with("reason", reason).log();
        } else {
            log.error("new recall artefact refused, keeping loaded one")
                    .with("recall_version", previous.manifest().version()).with("reason", reason).log();
        }
    }
}
