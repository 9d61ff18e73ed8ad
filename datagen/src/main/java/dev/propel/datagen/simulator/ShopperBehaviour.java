package dev.propel.datagen.simulator;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventTypes;
import dev.propel.datagen.decisions.SimulatedDecider;
import dev.propel.datagen.simulator.ShopperModel.Device;
import dev.propel.datagen.simulator.ShopperModel.Source;
import dev.propel.datagen.truth.ConversionTruth;
import dev.propel.datagen.truth.DecisionTruth;
import dev.propel.datagen.truth.ItemTruth;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What shoppers do: their traits, and each session through the view → click → cart → purchase funnel drawn from
 * the known {@link ShopperModel}, with the exact ground truth after every step. Behaviour draws come from the
 * behaviour stream and ids from the id stream; each true event goes to the shopper's client ({@link ClientDirt}),
 * which sends it with whatever dirt the rates ask for.
 */
final class ShopperBehaviour {
    private static final long MINUTE = 60_000L;
    private static final int MAX_STEPS = 400;
    private static final Source[] SOURCES = Source.values();
    private static final double[] SOURCE_SHARE = {0.35, 0.30, 0.08, 0.12, 0.15};

    private final SplittableRandom rng;
    private final SplittableRandom ids;
    private final Catalog catalog;
    private final ClientDirt dirt;
    private final DeliveryQueue queue;
    private final SimulationSink sink;
    /** Calls {@code /decide} once per session when set; null keeps the run exactly as without decisions. */
    private final SimulatedDecider decider;
    private final double[] qBuyer = new double[ShopperModel.ACTIONS];
    private final double[] qBrowser = new double[ShopperModel.ACTIONS];
    private final SessionState state;

    private long sessions;
    private long converting;
    private long events;
    private long itemTruthRows;
    private long purchases;

    /**
     * @param rng     the behaviour stream (shared with the {@link VisitSchedule})
     * @param ids     the id stream
     * @param dirt    the clients that send the true events
     * @param queue   where the server-side decision events go, received at once
     * @param sink    receives the ground truth
     * @param decider null for a shop that does not call {@code /decide}
     */
    ShopperBehaviour(SplittableRandom rng, SplittableRandom ids, Catalog catalog, ClientDirt dirt, DeliveryQueue queue,
            SimulationSink sink, SimulatedDecider decider) {
        this.rng = rng;
        this.ids = ids;
        this.catalog = catalog;
        this.dirt = dirt;
        this.queue = queue;
        this.sink = sink;
        this.decider = decider;
        this.state = new SessionState(catalog.categories());
    }

    /** Whether the shopper comes back after a session. */
    boolean returns(Shopper shopper) {
        return rng.nextDouble() < shopper.returnProbability;
    }

    /** A new shopper's traits (behaviour stream), device clock (dirt stream) and anonymous id (id stream). */
    Shopper newShopper(int index) {
        boolean registered = rng.nextDouble() < 0.45;
        double d = rng.nextDouble();
        Device device = d < 0.55 ? Device.MOBILE : d < 0.90 ? Device.DESKTOP : Device.TABLET;
        int[] favourites = new int[3];
        for (int k = 0; k < 3; k++) {
            favourites[k] = rng.nextInt(catalog.categories());
        }
        double returnProbability = 0.15 + 0.7 * rng.nextDouble();
        long skew = dirt.clockSkewMillis();
        String userId = registered ? "user-" + (index + 1) : null;
        String anonymousId = "anon-" + Long.toHexString(ids.nextLong() | Long.MIN_VALUE);
        return new Shopper(index, userId, anonymousId, device, favourites, returnProbability, skew);
    }

    /** Simulates one session from its start; returns the true time of its last event. */
    long simulateSession(Shopper shopper, long start) {
        sessions++;
        SessionState s = state;
        s.reset();
        String sessionId = SeededUuids.uuid(ids);
        boolean sendSessionId = dirt.sendsSessionId();
        Source source = SOURCES[pick(SOURCE_SHARE, rng.nextDouble())];
        String sourceName = source.name().toLowerCase();
        Instant startInstant = Instant.ofEpochMilli(start);
        int hour = startInstant.atZone(ZoneOffset.UTC).getHour();
        DayOfWeek dow = startInstant.atZone(ZoneOffset.UTC).getDayOfWeek();
        double logit = ShopperModel.priorLogit(shopper.sessions > 0, shopper.purchases, hour, dow, shopper.device,
                source);
        boolean buyer = rng.nextDouble() < ShopperModel.sigmoid(logit);
        boolean returning = shopper.sessions > 0;
        shopper.sessions++;
        SimulatedDecider.Outcome decision = null;
        String decisionId = null;
        double decisionPosterior = 0;

        long t = start;
        int step = 0;
        boolean purchased = false;
        String lastEventId = null;
        String cutEventId = null;
        double cutProbability = 0;
        while (true) {
            if (step > 0) {
                t += gap();
            }
            ShopperModel.actionProbabilities(true, step, s.viewedAny(), s.cartSize, purchased, qBuyer);
            ShopperModel.actionProbabilities(false, step, s.viewedAny(), s.cartSize, purchased, qBrowser);
            if (cutEventId != null) {
                // Now that the next action's odds are known: what if the pre-purchase session stopped here?
                double asCut = qBuyer[ShopperModel.CHECKOUT] == 0 ? 0.0 : ShopperModel.sigmoid(logit
                        + Math.log(qBuyer[ShopperModel.CHECKOUT]) - Math.log(qBrowser[ShopperModel.END]));
                sink.conversionTruth(new ConversionTruth(sessionId, cutEventId, step - 1, cutProbability, asCut,
                        buyer, false));
                cutEventId = null;
            }
            if (decider != null && decision == null && !purchased && step == decider.scenario().step()) {
                decisionPosterior = ShopperModel.sigmoid(logit);
                decision = decider.decide(decisionPosterior, buyer, shopper.device, returning);
                buyer = decision.buyerAfter();
                // the action is observable, so the exact posterior from here on starts from its conversion
                double q = Math.min(1 - 1e-12, Math.max(1e-12,
                        decision.conversion().get(decider.scenario().actions().indexOf(decision.action()))));
                logit = Math.log(q / (1 - q));
                decisionId = emitDecision(shopper, sessionId, sendSessionId, decisionPosterior, decision, t);
            }
            int action = pick(buyer ? qBuyer : qBrowser, rng.nextDouble());
            // The cap is a safety net only: a browser reaches it with probability 0.72^400.
            if (action == ShopperModel.END || (step >= MAX_STEPS && (!buyer || purchased))) {
                break;
            }
            if (action == ShopperModel.CHECKOUT) {
                int bought = checkout(shopper, sessionId, sendSessionId, sourceName, lastEventId, t);
                t = s.lastTime;
                step += bought;
                purchased = true;
                lastEventId = s.lastEventId;
                continue;
            }
            String eventId = act(action, shopper, sessionId, sendSessionId, sourceName, t);
            if (purchased) {
                sink.conversionTruth(new ConversionTruth(sessionId, eventId, step, 1.0, 1.0, buyer, true));
            } else {
                logit += Math.log(qBuyer[action]) - Math.log(qBrowser[action]);
                cutEventId = eventId;
                cutProbability = ShopperModel.sigmoid(logit);
            }
            lastEventId = eventId;
            step++;
        }
        if (buyer) {
            converting++;
        }
        if (purchased) {
            shopper.purchases++;
        }
        if (decision != null) {
            sink.decisionTruth(new DecisionTruth(sessionId, decisionId, decision.band().name(), shopper.deviceName,
                    returning, decisionPosterior, decision.action(), decision.actionProbability(),
                    decider.scenario().actions(), decision.conversion(), purchased));
        }
        return t;
    }

    /**
     * Records a decision as the decide function does: a {@code decision} event half a second after the event it
     * followed, received at once, stamped with the server's (true) clock: it is written server-side, so it
     * carries neither client dirt nor the client's clock skew.
     */
    private String emitDecision(Shopper shopper, String sessionId, boolean sendSessionId, double posterior,
                                SimulatedDecider.Outcome d, long t) {
        String id = SeededUuids.uuid(decider.random());
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("decision_id", id);
        properties.put("action", d.action());
        properties.put("band", d.band().name());
        properties.put("propensity", Double.toString(posterior));
        properties.put("explored", Boolean.toString(d.explored()));
        properties.put("action_probability", Double.toString(d.actionProbability()));
        properties.put("model", "simulator");
        properties.put("model_version", "truth");
        properties.put("policy_version", decider.scenario().version());
        properties.put("device", shopper.deviceName);
        long at = t + 500;
        BehaviourEvent event = new BehaviourEvent(id, EventTypes.DECISION, shopper.userId, shopper.anonymousId,
                sendSessionId ? sessionId : null, null, Instant.ofEpochMilli(at), null, null,
                properties, null);
        queue.add(new EventDelivery(event, at + 20, false));
        return id;
    }

    /** Performs one non-checkout action: picks its item, updates the session state, emits the event. */
    private String act(int action, Shopper shopper, String sessionId, boolean sendSessionId, String source,
                       long t) {
        SessionState s = state;
        switch (action) {
            case ShopperModel.VIEW -> {
                int item;
                if (s.touched > 0 && rng.nextDouble() < 0.15) {
                    item = s.items[rng.nextInt(s.touched)];
                } else {
                    int category;
                    if (s.focus >= 0 && rng.nextDouble() < 0.65) {
                        category = s.focus;
                    } else {
                        category = tasteCategory(shopper);
                    }
                    item = catalog.sample(category, rng);
                }
                int k = s.touch(item);
                s.views[k]++;
                s.lastViewed = item;
                s.focus = catalog.category(item);
                s.categoryEvents[s.focus]++;
                s.itemEvents++;
                return emit(shopper, sessionId, sendSessionId, EventTypes.VIEW, item, null, source, null, t);
            }
            case ShopperModel.CLICK -> {
                int item = rng.nextDouble() < 0.7 ? s.lastViewed : s.items[rng.nextInt(s.touched)];
                int k = s.touch(item);
                s.clicks[k]++;
                s.categoryEvents[catalog.category(item)]++;
                s.itemEvents++;
                return emit(shopper, sessionId, sendSessionId, EventTypes.CLICK, item, null, source, null, t);
            }
            case ShopperModel.ADD_TO_CART -> {
                int item = rng.nextDouble() < 0.65 ? s.lastViewed : s.items[rng.nextInt(s.touched)];
                double q = rng.nextDouble();
                int quantity = q < 0.86 ? 1 : q < 0.97 ? 2 : 3;
                int k = s.touch(item);
                s.adds[k]++;
                if (s.cartQuantity[k] == 0) {
                    s.cartSize++;
                }
                s.cartQuantity[k] += quantity;
                s.lastAdded = item;
                s.categoryEvents[catalog.category(item)]++;
                s.itemEvents++;
                return emit(shopper, sessionId, sendSessionId, EventTypes.ADD_TO_CART, item, quantity, source, null,
                        t);
            }
            case ShopperModel.REMOVE_FROM_CART -> {
                int pickInCart = rng.nextInt(s.cartSize);
                int k = 0;
                for (int i = 0; i < s.touched; i++) {
                    if (s.cartQuantity[i] > 0 && pickInCart-- == 0) {
                        k = i;
                        break;
                    }
                }
                int quantity = s.cartQuantity[k];
                s.cartQuantity[k] = 0;
                s.cartSize--;
                if (s.lastAdded == s.items[k]) {
                    s.lastAdded = -1;
                }
                return emit(shopper, sessionId, sendSessionId, EventTypes.REMOVE_FROM_CART, s.items[k], quantity,
                        source, null, t);
            }
            case ShopperModel.SEARCH -> {
                int category = rng.nextDouble() < 0.8 ? tasteCategory(shopper) : rng.nextInt(catalog.categories());
                s.focus = category;
                return emit(shopper, sessionId, sendSessionId, EventTypes.SEARCH, -1, null, source,
                        catalog.query(category), t);
            }
            default -> throw new IllegalStateException("unexpected action " + action);
        }
    }

    /** The buyer checks out: item truth for every candidate, then one purchase event per item bought. */
    private int checkout(Shopper shopper, String sessionId, boolean sendSessionId, String source, String cutEventId,
                         long t) {
        SessionState s = state;
        int n = s.touched;
        double[] utility = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            if (s.cartQuantity[k] > 0) {
                int item = s.items[k];
                double share = s.itemEvents == 0 ? 0 : (double) s.categoryEvents[catalog.category(item)] / s.itemEvents;
                utility[k] = ShopperModel.itemUtility(s.views[k], s.clicks[k], s.adds[k], item == s.lastAdded,
                        catalog.price(item), share);
                max = Math.max(max, utility[k]);
            }
        }
        double[] mainShare = new double[n];
        double total = 0;
        for (int k = 0; k < n; k++) {
            if (s.cartQuantity[k] > 0) {
                mainShare[k] = Math.exp(utility[k] - max);
                total += mainShare[k];
            }
        }
        int main = -1;
        int lastInCart = -1;
        double r = rng.nextDouble();
        for (int k = 0; k < n; k++) {
            if (s.cartQuantity[k] > 0) {
                mainShare[k] /= total;
                r -= mainShare[k];
                lastInCart = k;
                if (main < 0 && r < 0) {
                    main = k;
                }
            }
        }
        if (main < 0) { // rounding left r just above 0
            main = lastInCart;
        }
        boolean[] bought = new boolean[n];
        for (int k = 0; k < n; k++) {
            if (s.cartQuantity[k] > 0) {
                double extra = ShopperModel.sigmoid(utility[k] - ShopperModel.EXTRA_ITEM_OFFSET);
                bought[k] = k == main || rng.nextDouble() < extra;
            }
        }
        for (int k = 0; k < n; k++) {
            double p = 0;
            if (s.cartQuantity[k] > 0) {
                double extra = ShopperModel.sigmoid(utility[k] - ShopperModel.EXTRA_ITEM_OFFSET);
                p = mainShare[k] + (1 - mainShare[k]) * extra;
            }
            sink.itemTruth(new ItemTruth(sessionId, catalog.itemId(s.items[k]), cutEventId, p, bought[k]));
            itemTruthRows++;
        }
        String orderId = "order-" + Long.toHexString(ids.nextLong() & Long.MAX_VALUE);
        int step = 0;
        int position = s.position;
        for (int k = 0; k < n; k++) {
            if (bought[k]) {
                t += 1000 + rng.nextInt(3000);
                String eventId = emit(shopper, sessionId, sendSessionId, EventTypes.PURCHASE, s.items[k],
                        s.cartQuantity[k], source, orderId, t);
                sink.conversionTruth(new ConversionTruth(sessionId, eventId, position + step, 1.0, 1.0, true, true));
                s.lastEventId = eventId;
                step++;
                purchases++;
            }
        }
        for (int k = 0; k < n; k++) {
            s.cartQuantity[k] = 0;
        }
        s.cartSize = 0;
        s.lastTime = t;
        return step;
    }

    private int tasteCategory(Shopper shopper) {
        double r = rng.nextDouble();
        if (r < 0.85 * 0.55) {
            return shopper.favourites[0];
        } else if (r < 0.85 * 0.85) {
            return shopper.favourites[1];
        } else if (r < 0.85) {
            return shopper.favourites[2];
        }
        return rng.nextInt(catalog.categories());
    }

    /** Time between two events of a session: log-normal, median 25 s, never 20 minutes or more. */
    private long gap() {
        double g = Math.exp(Math.log(25_000) + 1.1 * rng.nextGaussian());
        return (long) Math.max(1_000, Math.min(20 * MINUTE - 1, g));
    }

    /**
     * Builds one true event and hands it to the client to send (with its dirt); returns its id. {@code extra} is the
     * search query for searches and the order id for purchases.
     */
    private String emit(Shopper shopper, String sessionId, boolean sendSessionId, String type, int item,
                        Integer quantity, String source, String extra, long t) {
        events++;
        state.position++;
        String eventId = SeededUuids.uuid(ids);
        String itemId = item >= 0 ? catalog.itemId(item) : null;
        Double price = item >= 0 ? catalog.price(item) : null;
        Map<String, String> properties;
        if (type.equals(EventTypes.SEARCH)) {
            properties = Map.of("query", extra, "device", shopper.deviceName, "source", source);
        } else if (type.equals(EventTypes.PURCHASE)) {
            properties = Map.of("category", catalog.categoryName(catalog.category(item)), "device",
                    shopper.deviceName, "source", source, "order_id", extra);
        } else {
            properties = Map.of("category", catalog.categoryName(catalog.category(item)), "device",
                    shopper.deviceName, "source", source);
        }
        dirt.send(new BehaviourEvent(eventId, type, shopper.userId, shopper.anonymousId,
                sendSessionId ? sessionId : null, itemId, Instant.ofEpochMilli(t), price, quantity, properties, null),
                shopper.skewMillis);
        state.lastEventId = eventId;
        return eventId;
    }

    /** The index {@code r} (uniform in [0, 1)) falls on in the cumulative {@code probabilities}. */
    private static int pick(double[] probabilities, double r) {
        int last = 0;
        for (int a = 0; a < probabilities.length; a++) {
            if (probabilities[a] > 0) {
                last = a;
                r -= probabilities[a];
                if (r < 0) {
                    return a;
                }
            }
        }
        return last;
    }

    long sessions() {
        return sessions;
    }

    long converting() {
        return converting;
    }

    long events() {
        return events;
    }

    long itemTruthRows() {
        return itemTruthRows;
    }

    long purchases() {
        return purchases;
    }
}
