package dev.propel.bench.ingest;

import dev.propel.core.event.BehaviourEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Shop-like events for benchmarks: a realistic mix of views, searches, carts and purchases with UUID event ids,
 * ISO timestamps with milliseconds and a property or two, about 250 bytes of JSON each. Seeded, so every run
 * measures the same bytes.
 */
public final class SyntheticEvents {
    private final SplittableRandom random;
    private Instant clock = Instant.parse("2026-11-28T09:00:00.000Z");

    public SyntheticEvents(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The next event; {@code spelling} varies the type's spelling as some clients do ("View", "Add To Cart"). */
    public BehaviourEvent next(boolean variedSpelling) {
        clock = clock.plusMillis(1 + random.nextInt(2000));
        String user = random.nextInt(4) == 0 ? null : "user-" + random.nextInt(50_000);
        String anon = user == null || random.nextBoolean() ? "anon-" + Long.toHexString(random.nextLong()) : null;
        String item = "sku-" + random.nextInt(20_000);
        String session = "sess-" + Long.toHexString(random.nextLong() & 0xffffffffL);
        UUID id = new UUID(random.nextLong(), random.nextLong());
        int kind = random.nextInt(100);
        if (kind < 60) {
            return new BehaviourEvent(id.toString(), variedSpelling && kind < 10 ? "View" : "view", user, anon,
                    session, item, clock, null, null, Map.of("page", "/p/" + item, "referrer", "home"), null);
        } else if (kind < 75) {
            return new BehaviourEvent(id.toString(), "search", user, anon, session, null, clock, null, null,
                    Map.of("query", "red shoes size " + random.nextInt(48)), null);
        } else if (kind < 90) {
            return new BehaviourEvent(id.toString(), variedSpelling && kind < 80 ? "Add To Cart" : "add_to_cart",
                    user, anon, session, item, clock, 5 + random.nextInt(20_000) / 100.0, 1 + random.nextInt(3),
                    Map.of(), null);
        } else if (kind < 95) {
            return new BehaviourEvent(id.toString(), "remove_from_cart", user, anon, session, item, clock, null, 1,
                    Map.of(), null);
        }
        return new BehaviourEvent(id.toString(), "purchase", user, anon, session, item, clock,
                5 + random.nextInt(20_000) / 100.0, 1 + random.nextInt(3), Map.of("currency", "EUR"), null);
    }

    public List<BehaviourEvent> batch(int n, boolean variedSpelling) {
        List<BehaviourEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next(variedSpelling));
        }
        return out;
    }

    /** Whether the next draw says "repeat an earlier event" with the given per-mille probability. */
    public boolean chance(int perMille) {
        return random.nextInt(1000) < perMille;
    }
}
