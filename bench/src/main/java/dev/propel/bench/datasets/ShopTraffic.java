package dev.propel.bench.datasets;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic shop traffic for benchmarks: users with sessions of views over a skewed item catalogue,
 * some carts and purchases, a share of explicit session ids and of duplicate deliveries. Not the simulator (that
 * one has ground truth); just enough realistic shape to load the datasets stage.
 */
final class ShopTraffic {
    private ShopTraffic() {
    }

    /** About {@code events} events on {@code day}, sorted by time, receive time = event time + a few seconds. */
    static List<BehaviourEvent> generate(LocalDate day, int events, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int items = Math.max(100, events / 20);
        int users = Math.max(10, events / 25);
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        List<BehaviourEvent> out = new ArrayList<>(events + events / 50);
        long id = 0;
        String prefix = "ev-" + seed + "-";
        while (out.size() < events) {
            String user = "user-" + rnd.nextInt(users);
            boolean anonymous = rnd.nextInt(3) == 0;
            String sessionId = rnd.nextInt(10) == 0 ? "s-" + rnd.nextLong() : null;
            long t = rnd.nextLong(86_000L) * 1000;
            int length = 1 + (int) Math.min(60, -Math.log(1 - rnd.nextDouble()) * 8);
            List<String> cart = new ArrayList<>();
            for (int i = 0; i < length && out.size() < events; i++) {
                t += 5_000 + rnd.nextLong(120_000);
                String item = "item-" + (int) (items * Math.pow(rnd.nextDouble(), 3));
                double price = 5 + (item.hashCode() & 0xff);
                double r = rnd.nextDouble();
                String type;
                if (r < 0.08) {
                    type = EventTypes.ADD_TO_CART;
                    cart.add(item);
                } else if (r < 0.10 && !cart.isEmpty()) {
                    type = EventTypes.REMOVE_FROM_CART;
                    item = cart.remove(cart.size() - 1);
                } else if (r < 0.13) {
                    type = EventTypes.SEARCH;
                } else {
                    type = EventTypes.VIEW;
                }
                out.add(event(prefix, id++, type, user, anonymous, sessionId, EventTypes.SEARCH.equals(type) ? null : item,
                        start.plusMillis(t), EventTypes.SEARCH.equals(type) ? null : price));
            }
            if (!cart.isEmpty() && rnd.nextInt(3) == 0) {
                t += 30_000;
                for (String item : cart) {
                    out.add(event(prefix, id++, EventTypes.PURCHASE, user, anonymous, sessionId, item, start.plusMillis(t),
                            5.0 + (item.hashCode() & 0xff)));
                }
            }
        }
        // duplicate deliveries (client retries): 1% of events appear twice
        int dups = out.size() / 100;
        for (int i = 0; i < dups; i++) {
            out.add(out.get(rnd.nextInt(out.size())));
        }
        out.sort((a, b) -> a.timestamp().compareTo(b.timestamp()));
        return out;
    }

    private static BehaviourEvent event(String idPrefix, long id, String type, String user, boolean anonymous, String session,
            String item, Instant at, Double price) {
        return new BehaviourEvent(idPrefix + id, type, anonymous ? null : user, anonymous ? "anon-" + user : null,
                session, item, at, price, null, Map.of(), at.plusSeconds(2));
    }
}
