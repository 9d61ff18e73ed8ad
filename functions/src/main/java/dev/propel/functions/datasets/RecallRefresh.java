package dev.propel.functions.datasets;

import dev.propel.core.recall.RecallBuilder;
import dev.propel.core.recall.RecallIndex;
import dev.propel.core.recall.RecallManifest;
import dev.propel.core.recall.RecallSettings;
import dev.propel.core.sessions.SessionSequencesReader;
import dev.propel.functions.model.ModelLoader;
import dev.propel.functions.model.ObjectETag;
import dev.propel.functions.recommend.RecallStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Rebuilds the recall artefact after a datasets build: from the {@code datasets/sessions/} partitions of the
 * rolling window ending at the newest day built (never from raw events, so the hourly build stays cheap), and
 * publishes it artefact first, pointer last. The artefact is a pure function of those partitions: a rerun builds
 * the same bytes and publishes nothing new.
 */
public final class RecallRefresh {
    private final S3Client s3;
    private final String bucket;
    private final SessionSequencesReader sessions;
    private final RecallStore store;
    private final RecallWindow window;
    private final RecallSettings settings;

    public RecallRefresh(S3Client s3, String bucket, RecallWindow window, RecallSettings settings) {
        this.s3 = s3;
        this.bucket = bucket;
        this.sessions = new SessionSequencesReader(s3, bucket);
        this.store = new RecallStore(s3, bucket);
        this.window = window;
        this.settings = settings;
    }

    /** Builds recall for the window ending at the newest of {@code builtDays} and publishes it if it changed. */
    public RecallReport refresh(Collection<LocalDate> builtDays, Instant now) {
        long t0 = System.nanoTime();
        LocalDate to = Collections.max(builtDays);
        Optional<RecallManifest> current = currentManifest();
        if (current.isPresent() && current.get().to() != null && LocalDate.parse(current.get().to()).isAfter(to)) {
            return new RecallReport("newer_published", current.get().version(), null, to, 0, 0, 0, 0, millis(t0));
        }
        LocalDate from = to.minusDays(window.days() - 1L);
        RecallBuilder builder = new RecallBuilder(settings);
        SessionSequencesReader.Summary read = sessions.forEach(from, to, window.maxSessions(),
                s -> builder.addSession(s.items(), s.actions()));
        String currentVersion = current.map(RecallManifest::version).orElse(null);
        if (builder.sessions() == 0) {
            return new RecallReport("empty", currentVersion, read.first(), to, 0, read.dropped(), 0, 0, millis(t0));
        }
        RecallIndex index = builder.build();
        byte[] bytes = index.toBytes();
        if (current.isPresent() && ModelLoader.sha256(bytes).equalsIgnoreCase(current.get().sha256())
                && exists(current.get().key())) {
            return new RecallReport("unchanged", currentVersion, read.first(), to, builder.sessions(), read.dropped(),
                    index.itemCount(), bytes.length, millis(t0));
        }
        RecallManifest published = store.publish(index, read.first(), to, now, builder.sessions());
        return new RecallReport("published", published.version(), read.first(), to, builder.sessions(),
                read.dropped(), index.itemCount(), published.bytes(), millis(t0));
    }

    /** The pointer serving follows; one that is not a manifest is treated as absent, so publishing replaces it. */
    private Optional<RecallManifest> currentManifest() {
        try {
            return store.manifest();
        } catch (IllegalArgumentException corrupt) {
            return Optional.empty();
        }
    }

    /** Whether the artefact a manifest names is there (a pointer left dangling is repaired by publishing). */
    private boolean exists(String key) {
        return ObjectETag.head(s3, bucket, key) != null;
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
