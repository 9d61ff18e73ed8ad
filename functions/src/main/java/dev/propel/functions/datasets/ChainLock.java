package dev.propel.functions.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The datasets chain's lock: one object, {@code stats/_chain/lock.json}, holding the owner and the end of its
 * lease, only ever written with a conditional PUT ({@code If-None-Match: *} to create it, {@code If-Match} on the
 * ETag read to take over an expired lease, renew or release it). AWS S3 and the embedded S3 both honour those
 * atomically, so of two builds exactly one holds the chain; a crashed one's lease runs out.
 *
 * <p>A PUT whose answer was lost and that the SDK retried answers 412 although it landed: every 412 is settled by
 * reading the object back, and the lock is ours when it names us.
 */
final class ChainLock {
    static final String KEY = PartitionStore.CHAIN + "lock.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ATTEMPTS = 5;

    /** Thrown when another run held the chain for as long as this one was willing to wait. */
    static final class Busy extends IllegalStateException {
        Busy(String message) {
            super(message);
        }
    }

    private record Held(String owner, Instant expires, String eTag) {
    }

    private final S3Client s3;
    private final String bucket;
    private final Clock clock;
    private final ChainSettings settings;
    private final String owner;
    private String eTag;

    ChainLock(S3Client s3, String bucket, Clock clock, ChainSettings settings, String owner) {
        this.s3 = s3;
        this.bucket = bucket;
        this.clock = clock;
        this.settings = settings;
        this.owner = owner;
    }

    /** Takes the lock, waiting while another run's lease is current; {@link Busy} after the configured polls. */
    void acquire() {
        String seenOwner = null;
        for (int poll = 0; ; poll++) {
            Optional<Held> cur = read();
            if (cur.isPresent() && cur.get().owner().equals(owner)) {
                eTag = cur.get().eTag();
                renew();
                return;
            }
            if (cur.isEmpty() || !cur.get().expires().isAfter(clock.instant())) {
                if (tryPut(cur.map(Held::eTag).orElse(null)) && confirmed()) {
                    return;
                }
            } else {
                seenOwner = cur.get().owner();
            }
            if (poll >= settings.lockPolls()) {
                throw new Busy("the datasets chain is being built by run " + seenOwner + " (" + KEY
                        + "); gave up after " + poll + " waits of " + settings.pollInterval());
            }
            sleep(settings.pollInterval());
        }
    }

    /**
     * Whether the lock still names us a moment ({@link ChainSettings#confirmDelay}) after our write: a store whose
     * conditional PUT is not atomic (the embedded S3 let two If-Match writers through in a tight race) lets a
     * second writer replace ours, and then the read shows it, so this run waits instead of building alongside.
     * The moment is not a whole poll: the racing write is already in flight, and every build pays this wait.
     */
    private boolean confirmed() {
        sleep(settings.confirmDelay());
        Optional<Held> now = read();
        if (now.isPresent() && now.get().owner().equals(owner)) {
            eTag = now.get().eTag();
            return true;
        }
        return false;
    }

    /** Extends the lease; fails when the lock is no longer ours (our lease ran out and another run took it). */
    void renew() {
        if (!tryPut(eTag)) {
            throw new IllegalStateException("lost the datasets chain lock (" + KEY + "): another run holds it now");
        }
    }

    /**
     * Gives the lock up (a released lock is an expired one), trying a few times: a release that fails makes the
     * next run wait for the lease. Never throws; the lease bounds a release that never lands.
     */
    void release() {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                put(eTag, Instant.EPOCH);
                return;
            } catch (RuntimeException e) {
                try {
                    Optional<Held> now = read();
                    if (now.isEmpty() || !now.get().owner().equals(owner)
                            || !now.get().expires().isAfter(Instant.EPOCH)) {
                        return; // released (the answer was lost), or no longer ours
                    }
                    eTag = now.get().eTag();
                } catch (RuntimeException unreadable) {
                    // try the write again
                }
            }
        }
    }

    /**
     * One conditional write of our lock; false when another run's write won. A 412, or a transport error that
     * leaves the outcome unknown (S3 may answer a failed precondition before reading the body, which some clients
     * report as a broken write), is settled by reading the lock back.
     */
    private boolean tryPut(String expectedETag) {
        for (int attempt = 1; ; attempt++) {
            try {
                put(expectedETag, clock.instant().plus(settings.lease()));
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() != 412) {
                    throw e;
                }
            } catch (SdkClientException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
            Optional<Held> now = read();
            boolean unchanged = expectedETag == null ? now.isEmpty()
                    : now.isPresent() && now.get().eTag().equals(expectedETag);
            if (unchanged && attempt < MAX_ATTEMPTS) {
                continue; // our write did not land and nobody else's did: try again
            }
            if (now.isPresent() && now.get().owner().equals(owner) && !unchanged) {
                eTag = now.get().eTag();
                return true; // our write landed, its answer was lost
            }
            return false;
        }
    }

    private void put(String expectedETag, Instant expires) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("owner", owner);
        body.put("expires", expires.toString());
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(bucket).key(KEY)
                .contentType("application/json");
        if (expectedETag == null) {
            b.ifNoneMatch("*");
        } else {
            b.ifMatch(expectedETag);
        }
        eTag = s3.putObject(b.build(), RequestBody.fromBytes(bytes)).eTag();
    }

    private Optional<Held> read() {
        ResponseBytes<GetObjectResponse> r;
        try {
            r = s3.getObjectAsBytes(g -> g.bucket(bucket).key(KEY));
        } catch (NoSuchKeyException absent) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(r.asByteArray());
            return Optional.of(new Held(n.path("owner").asText(""), Instant.parse(n.path("expires").asText()),
                    r.response().eTag()));
        } catch (IOException | RuntimeException corrupt) {
            // an unreadable lock cannot be honoured: treat it as expired, the conditional write still arbitrates
            return Optional.of(new Held("", Instant.EPOCH, r.response().eTag()));
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the datasets chain lock", e);
        }
    }
}
