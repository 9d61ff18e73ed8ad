package dev.propel.datagen.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.event.EventTypes;
import dev.propel.datagen.simulator.ShopperModel.Device;
import dev.propel.datagen.simulator.ShopperModel.Source;
import dev.propel.datagen.decisions.SimulatedDecider;
import dev.propel.datagen.truth.ConversionTruth;
import dev.propel.datagen.truth.DecisionTruth;
import dev.propel.datagen.truth.ItemTruth;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * One execution of a {@link SimulationConfig}. Three independent random streams keep the behaviour (and so the
 * ground truth) identical whatever the dirt rates: {@code rng} drives behaviour, {@code dirtRng} the dirt and
 * {@code idRng} the ids.
 */
final class SimulationRun {
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final int MAX_STEPS = 400;
    /** Relative traffic by hour of day (UTC): quiet nights, a lunch bump, an evening peak. */
    private static final double[] HOUR_PROFILE = {0.9, 0.6, 0.4, 0.3, 0.3, 0.4, 0.7, 1.1, 1.4, 1.6, 1.7, 1.8, 1.9,
        1.8, 1.7, 1.7, 1.8, 2.0, 2.3, 2.6, 2.7, 2.5, 2.0, 1.4};
    /** Relative traffic by weekday, Monday first; the maximum is 1 (used for thinning). */
    private static final double[] WEEKDAY_FACTOR = {0.87, 0.84, 0.84, 0.87, 0.80, 0.91, 1.0};
    private static final Source[] SOURCES = Source.values();
    private static final double[] SOURCE_SHARE = {0.35, 0.30, 0.08, 0.12, 0.15};
    private static final String[] BAD_TIMESTAMPS = {"28/11/2026 13:00:00", "yesterday", "2026-13-45T25:61:00Z", ""};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimulationConfig config;
    private final DirtRates dirt;
    private final SimulationSink sink;
    private final SplittableRandom rng;
    private final SplittableRandom dirtRng;
    private final SplittableRandom idRng;
    private final Catalog catalog;
    private final long origin;
    private final long horizon;
    private final double[] hourCumulative = new double[24];
    private final PriorityQueue<Pending> pending = new PriorityQueue<>(
            Comparator.comparingLong(Pending::at).thenComparingLong(Pending::seq));
    private final double[] qBuyer = new double[ShopperModel.ACTIONS];
    private final double[] qBrowser = new double[ShopperModel.ACTIONS];
    private final SessionState state;
    /** Calls {@code /decide} once per session when set; null keeps the run exactly as without decisions. */
    private final SimulatedDecider decider;
    private long pendingSeq;

    private long users;
    private long sessions;
    private long converting;
    private long events;
    private long deliveries;
    private long duplicates;
    private long late;
    private long outOfOrder;
    private long invalid;
    private long missingOptional;
    private long sessionsWithoutId;
    private long skewedUsers;
    private long itemTruthRows;
    private long purchases;

    SimulationRun(SimulationConfig config, SimulationSink sink) {
        this(config, sink, null);
    }

    SimulationRun(SimulationConfig config, SimulationSink sink,
                  dev.propel.datagen.decisions.DecisionScenario scenario) {
        this.config = config;
        this.dirt = config.dirt();
        this.sink = sink;
        SplittableRandom root = new SplittableRandom(config.seed());
        this.rng = root.split();
        this.dirtRng = root.split();
        this.idRng = root.split();
        this.catalog = new Catalog(config.items(), config.categories(), root.split());
        this.origin = config.start().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        this.horizon = origin + config.days() * DAY;
        double acc = 0;
        for (int h = 0; h < 24; h++) {
            acc += HOUR_PROFILE[h];
            hourCumulative[h] = acc;
        }
        this.state = new SessionState(config.categories());
        // split last, after every other stream, so the behaviour, dirt, ids and catalogue stay the same
        this.decider = scenario == null ? null : new SimulatedDecider(scenario, root.split());
    }

    private record Pending(long at, long seq, Delivery delivery) {
    }

    private record Visit(long start, Shopper shopper) {
    }

    /** A shopper: fixed traits plus the history that the prior depends on. */
    private static final class Shopper {
        final int index;
        final String userId;
        final String anonymousId;
        final Device device;
        final String deviceName;
        final int[] favourites;
        final double returnProbability;
        final long skewMillis;
        int sessions;
        int purchases;

        Shopper(int index, String userId, String anonymousId, Device device, int[] favourites,
                double returnProbability, long skewMillis) {
            this.index = index;
            this.userId = userId;
            this.anonymousId = anonymousId;
            this.device = device;
            this.deviceName = device.name().toLowerCase();
            this.favourites = favourites;
            this.returnProbability = returnProbability;
            this.skewMillis = skewMillis;
        }
    }

    SimulationSummary execute() {
        PriorityQueue<Visit> visits = new PriorityQueue<>(
                Comparator.comparingLong(Visit::start).thenComparingInt(v -> v.shopper().index));
        for (int u = 0; u < config.users(); u++) {
            Shopper shopper = newShopper(u);
            visits.add(new Visit(firstStart(), shopper));
        }
        while (!visits.isEmpty()) {
            Visit visit = visits.poll();
            flushBefore(visit.start());
            Shopper shopper = visit.shopper();
            if (shopper.sessions == 0) {
                users++;
            }
            long end = simulateSession(shopper, visit.start());
            if (rng.nextDouble() < shopper.returnProbability) {
                long next = nextStart(end + HOUR);
                if (next >= 0) {
                    visits.add(new Visit(next, shopper));
                }
            }
        }
        flushBefore(Long.MAX_VALUE);
        return new SimulationSummary(users, sessions, converting, events, deliveries, duplicates, late, outOfOrder,
                invalid, missingOptional, sessionsWithoutId, skewedUsers, itemTruthRows, purchases);
    }

    private Shopper newShopper(int index) {
        boolean registered = rng.nextDouble() < 0.45;
        double d = rng.nextDouble();
        Device device = d < 0.55 ? Device.MOBILE : d < 0.90 ? Device.DESKTOP : Device.TABLET;
        int[] favourites = new int[3];
        for (int k = 0; k < 3; k++) {
            favourites[k] = rng.nextInt(catalog.categories());
        }
        double returnProbability = 0.15 + 0.7 * rng.nextDouble();
        long skew = 0;
        if (dirtRng.nextDouble() < dirt.clockSkew()) {
            skewedUsers++;
            skew = dirtRng.nextDouble() < 0.8
                    ? (long) (dirtRng.nextGaussian() * 5 * MINUTE)
                    : (dirtRng.nextBoolean() ? 1 : -1) * (HOUR + (long) (dirtRng.nextDouble() * 2 * HOUR));
            if (skew == 0) {
                skew = 1000;
            }
        }
        String userId = registered ? "user-" + (index + 1) : null;
        String anonymousId = "anon-" + Long.toHexString(idRng.nextLong() | Long.MIN_VALUE);
        return new Shopper(index, userId, anonymousId, device, favourites, returnProbability, skew);
    }

    /** A first visit: a day drawn uniformly, thinned by the weekday profile, and an hour from the hour profile. */
    private long firstStart() {
        while (true) {
            int day = rng.nextInt(config.days());
            if (rng.nextDouble() < weekdayFactor(day)) {
                return origin + day * DAY + timeOfDay();
            }
        }
    }

    /**
     * A return visit: at least {@code notBefore}, after an exponential gap (mean 1.5 days), thinned by the weekday
     * and hour profiles by rejection (a rejected draw is redrawn whole, so no day inherits another's traffic);
     * -1 when it falls after the simulated period.
     */
    private long nextStart(long notBefore) {
        for (int attempt = 0; attempt < 100; attempt++) {
            long candidate = notBefore + (long) (-Math.log(1 - rng.nextDouble()) * 1.5 * DAY);
            long day = Math.floorDiv(candidate - origin, DAY);
            if (day >= config.days()) {
                return -1;
            }
            if (rng.nextDouble() >= weekdayFactor(day)) {
                continue;
            }
            long t = origin + day * DAY + timeOfDay();
            if (t >= notBefore) {
                return t;
            }
        }
        return -1;
    }

    private double weekdayFactor(long day) {
        DayOfWeek dow = Instant.ofEpochMilli(origin + day * DAY).atZone(ZoneOffset.UTC).getDayOfWeek();
        return WEEKDAY_FACTOR[dow.getValue() - 1];
    }

    /** Milliseconds after midnight, following the hour profile. */
    private long timeOfDay() {
        double r = rng.nextDouble() * hourCumulative[23];
        int hour = 0;
        while (hourCumulative[hour] <= r) {
            hour++;
        }
        return hour * HOUR + (long) (rng.nextDouble() * HOUR);
    }

    /** Simulates one session from its start; returns the true time of its last event. */
    private long simulateSession(Shopper shopper, long start) {
        sessions++;
        SessionState s = state;
        s.reset();
        String sessionId = uuid();
        boolean sendSessionId = !(dirtRng.nextDouble() < dirt.missingSession());
        if (!sendSessionId) {
            sessionsWithoutId++;
        }
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
                double posterior = ShopperModel.sigmoid(logit);
                decision = decider.decide(posterior, buyer, shopper.device, returning);
                buyer = decision.buyerAfter();
                // the action is observable, so the exact posterior from here on starts from its conversion
                double q = Math.min(1 - 1e-12, Math.max(1e-12,
                        decision.conversion().get(decider.scenario().actions().indexOf(decision.action()))));
                logit = Math.log(q / (1 - q));
                decisionId = emitDecision(shopper, sessionId, sendSessionId, posterior, decision, t);
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

    private double decisionPosterior;

    /**
     * Records a decision as the decide function does: a {@code decision} event half a second after the event it
     * followed, received at once, stamped with the server's (true) clock: it is written server-side, so it
     * carries neither client dirt nor the client's clock skew.
     */
    private String emitDecision(Shopper shopper, String sessionId, boolean sendSessionId, double posterior,
                                SimulatedDecider.Outcome d, long t) {
        decisionPosterior = posterior;
        String id = uuid(decider.random());
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
        enqueue(new EventDelivery(event, at + 20, false));
        deliveries++;
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
        String orderId = "order-" + Long.toHexString(idRng.nextLong() & Long.MAX_VALUE);
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
     * Builds one true event, applies dirt and queues its deliveries; returns its id. {@code extra} is the search
     * query for searches and the order id for purchases.
     */
    private String emit(Shopper shopper, String sessionId, boolean sendSessionId, String type, int item,
                        Integer quantity, String source, String extra, long t) {
        events++;
        state.position++;
        String eventId = uuid();
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
        if (dirtRng.nextDouble() < dirt.missingOptional()) {
            missingOptional++;
            int which = dirtRng.nextInt(3);
            if (which == 0 && price != null) {
                price = null;
            } else if (which == 1 && quantity != null) {
                quantity = null;
            } else {
                properties = Map.of();
            }
        }
        BehaviourEvent event = new BehaviourEvent(eventId, type, shopper.userId, shopper.anonymousId,
                sendSessionId ? sessionId : null, itemId, Instant.ofEpochMilli(t + shopper.skewMillis), price,
                quantity, properties, null);
        long at = t + 50 + dirtRng.nextInt(950);
        if (dirtRng.nextDouble() < dirt.outOfOrder()) {
            outOfOrder++;
            at += 1_000 + dirtRng.nextInt(119_000);
        }
        if (dirtRng.nextDouble() < dirt.late()) {
            late++;
            at += 5 * MINUTE + (long) (dirtRng.nextDouble() * (6 * HOUR - 5 * MINUTE));
        }
        enqueue(new EventDelivery(event, at, false));
        deliveries++;
        if (dirtRng.nextDouble() < dirt.duplicate()) {
            duplicates++;
            deliveries++;
            long again = dirtRng.nextDouble() < 0.8 ? 100 + dirtRng.nextInt(10_000)
                    : MINUTE + (long) (dirtRng.nextDouble() * 2 * HOUR);
            enqueue(new EventDelivery(event, at + again, true));
        }
        if (dirtRng.nextDouble() < dirt.invalid()) {
            invalid++;
            enqueue(invalidFrom(event, at + dirtRng.nextInt(1_000)));
        }
        state.lastEventId = eventId;
        return eventId;
    }

    /** An invalid sibling of a real event: a fresh id and one broken rule of the ingest contract. */
    private InvalidDelivery invalidFrom(BehaviourEvent event, long at) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(EventJson.toJson(event));
            node.put(EventJson.EVENT_ID, uuid(dirtRng));
            int kind = dirtRng.nextInt(5);
            if (kind == 3 && event.itemId() == null) {
                kind = 4;
            }
            switch (kind) {
                case 0 -> {
                    node.remove(EventJson.EVENT_ID);
                    return new InvalidDelivery(JSON.writeValueAsString(node), EventJson.EVENT_ID,
                            "event_id is required", at);
                }
                case 1 -> {
                    node.remove(EventJson.TYPE);
                    return new InvalidDelivery(JSON.writeValueAsString(node), EventJson.TYPE, "type is required",
                            at);
                }
                case 2 -> {
                    node.remove(EventJson.USER_ID);
                    node.remove(EventJson.ANONYMOUS_ID);
                    return new InvalidDelivery(JSON.writeValueAsString(node), EventJson.USER_ID,
                            "user_id or anonymous_id is required", at);
                }
                case 3 -> {
                    node.remove(EventJson.ITEM_ID);
                    return new InvalidDelivery(JSON.writeValueAsString(node), EventJson.ITEM_ID,
                            "item_id is required for " + event.type() + " events", at);
                }
                default -> {
                    node.put(EventJson.TIMESTAMP, BAD_TIMESTAMPS[dirtRng.nextInt(BAD_TIMESTAMPS.length)]);
                    return new InvalidDelivery(JSON.writeValueAsString(node), EventJson.TIMESTAMP,
                            "timestamp is not an ISO-8601 instant", at);
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void enqueue(Delivery d) {
        pending.add(new Pending(d.deliveredAtMillis(), pendingSeq++, d));
    }

    /** Hands on every queued delivery received before {@code t}: nothing later can be received earlier. */
    private void flushBefore(long t) {
        while (!pending.isEmpty() && pending.peek().at() < t) {
            sink.delivery(pending.poll().delivery());
        }
    }

    private String uuid() {
        return uuid(idRng);
    }

    /** A version-4-shaped UUID from the given stream. */
    private static String uuid(SplittableRandom random) {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

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

    /** The mutable state of the session being simulated, reused across sessions. */
    private static final class SessionState {
        int[] items = new int[32];
        int[] views = new int[32];
        int[] clicks = new int[32];
        int[] adds = new int[32];
        int[] cartQuantity = new int[32];
        final int[] categoryEvents;
        final Map<Integer, Integer> slot = new HashMap<>();
        int touched;
        int cartSize;
        int itemEvents;
        int focus;
        int lastViewed;
        int lastAdded;
        int position;
        long lastTime;
        String lastEventId;

        SessionState(int categories) {
            categoryEvents = new int[categories];
        }

        void reset() {
            for (int k = 0; k < touched; k++) {
                views[k] = 0;
                clicks[k] = 0;
                adds[k] = 0;
                cartQuantity[k] = 0;
            }
            Arrays.fill(categoryEvents, 0);
            slot.clear();
            touched = 0;
            cartSize = 0;
            itemEvents = 0;
            focus = -1;
            lastViewed = -1;
            lastAdded = -1;
            position = 0;
            lastTime = 0;
            lastEventId = null;
        }

        boolean viewedAny() {
            return lastViewed >= 0;
        }

        /** The slot of an item in this session, added on first touch. */
        int touch(int item) {
            Integer k = slot.get(item);
            if (k != null) {
                return k;
            }
            if (touched == items.length) {
                int size = touched * 2;
                items = Arrays.copyOf(items, size);
                views = Arrays.copyOf(views, size);
                clicks = Arrays.copyOf(clicks, size);
                adds = Arrays.copyOf(adds, size);
                cartQuantity = Arrays.copyOf(cartQuantity, size);
            }
            items[touched] = item;
            slot.put(item, touched);
            return touched++;
        }
    }
}
