package dev.propel.datagen.importer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Deterministic event ids for imported records: a UUID-shaped SHA-256 prefix of the format, the record's
 * normalised content and its occurrence number among identical records. Re-importing a file gives the same ids
 * (so the pipeline deduplicates a re-import), while two identical rows of one file (e.g. two clicks on an item
 * within Tianchi's one-hour resolution) stay two events. Occurrences are counted among the last
 * {@value #WINDOW} distinct records, which bounds memory on logs of any size; identical records further apart
 * than that share an id.
 */
final class StableEventIds {
    static final int WINDOW = 100_000;
    private final String prefix;
    private final MessageDigest sha256;
    private final Map<String, Integer> seen = new LinkedHashMap<>(1 << 16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > WINDOW;
        }
    };

    StableEventIds(ImportFormat format) {
        this.prefix = "propel-import/v1|" + format.id() + "|";
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The id of the next record with this normalised content. */
    String next(String content) {
        int occurrence = seen.merge(content, 1, Integer::sum) - 1;
        byte[] digest = sha256.digest((prefix + content + "|" + occurrence).getBytes(StandardCharsets.UTF_8));
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (digest[i] & 0xFF);
            lsb = (lsb << 8) | (digest[8 + i] & 0xFF);
        }
        msb = (msb & ~0xF000L) | 0x8000L; // version 8: custom, name-based
        lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
