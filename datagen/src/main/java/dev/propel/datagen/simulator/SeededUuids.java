package dev.propel.datagen.simulator;

import java.util.SplittableRandom;
import java.util.UUID;

/** Version-4-shaped UUIDs drawn from a seeded stream, so a run's ids are reproducible. */
final class SeededUuids {
    private SeededUuids() {
    }

    /** A version-4-shaped UUID from the given stream (two longs drawn). */
    static String uuid(SplittableRandom random) {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
