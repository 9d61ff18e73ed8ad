package dev.propel.local.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrent clients sending events through {@code POST /events} of a running API, as a shop's servers would: each
 * client sends its share in batches, one request at a time, and keeps the ids of the events the API acknowledged
 * (202 and not listed as rejected), so a caller can check that each of them reached {@code clean/} exactly once.
 */
public final class ApiLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TYPES = {"view", "view", "view", "click", "add_to_cart", "purchase"};

    /**
     * What to send.
     *
     * @param clients   concurrent clients
     * @param events    events in all, split evenly over the clients
     * @param batchSize events per request
     */
    public record Plan(int clients, int events, int batchSize) {
        public Plan {
            if (clients < 1 || events < clients || batchSize < 1) {
                throw new IllegalArgumentException("a load needs clients >= 1, events >= clients, batchSize >= 1");
            }
        }
    }

    /**
     * What happened.
     *
     * @param sent            events sent
     * @param acknowledged    ids of the events the API accepted (202, not rejected)
     * @param requests        requests sent
     * @param serverErrors    requests answered 5xx
     * @param clientErrors    requests answered 4xx (none is expected from valid events)
     * @param seconds         wall time of the whole load
     * @param latencyMillis   each request's latency, sorted
     */
    public record Result(long sent, Set<String> acknowledged, long requests, long serverErrors, long clientErrors,
            double seconds, double[] latencyMillis) {
        public Result {
            acknowledged = Set.copyOf(acknowledged);
            latencyMillis = latencyMillis.clone();
        }

        /** Acknowledged events per second of wall time. */
        public double eventsPerSecond() {
            return acknowledged.size() / seconds;
        }

        /** The {@code q}-quantile of request latency (nearest rank), in milliseconds. */
        public double latencyQuantile(double q) {
            if (latencyMillis.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(q * latencyMillis.length);
            return latencyMillis[Math.max(0, Math.min(latencyMillis.length - 1, rank - 1))];
        }
    }

    private final URI endpoint;
    private final String writeKey;
    private final Instant now;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param api      the API's base URI
     * @param writeKey the {@code x-api-key} of {@code POST /events}, or null when the API demands none
     * @param now      the events' timestamps are the minutes before this instant (the receiving stack's clock)
     */
    public ApiLoad(URI api, String writeKey, Instant now) {
        this.endpoint = URI.create(api.toString().replaceAll("/+$", "") + "/events");
        this.writeKey = writeKey;
        this.now = now;
    }

    /** Sends the plan's events and waits for every client to finish. */
    public Result run(Plan plan) throws InterruptedException, IOException {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong requests = new AtomicLong();
        AtomicLong serverErrors = new AtomicLong();
        AtomicLong clientErrors = new AtomicLong();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(plan.clients());
        try {
            List<Future<Void>> clients = new ArrayList<>();
            for (int c = 0; c < plan.clients(); c++) {
                int client = c;
                int share = plan.events() / plan.clients() + (c < plan.events() % plan.clients() ? 1 : 0);
                clients.add(pool.submit(() -> {
                    for (int from = 0; from < share; from += plan.batchSize()) {
                        int n = Math.min(plan.batchSize(), share - from);
                        List<String> ids = new ArrayList<>(n);
                        String body = batch(client, from, n, ids);
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = send(body);
                        latencies.add((System.nanoTime() - t0) / 1e6);
                        requests.incrementAndGet();
                        if (r.statusCode() >= 500) {
                            serverErrors.incrementAndGet();
                        } else if (r.statusCode() >= 400) {
                            clientErrors.incrementAndGet();
                        } else {
                            acknowledged.addAll(accepted(ids, r.body()));
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> f : clients) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException("a load client failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return new Result(plan.events(), acknowledged, requests.get(), serverErrors.get(), clientErrors.get(), seconds,
                sorted);
    }

    private HttpResponse<String> send(String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        if (writeKey != null) {
            request.header("x-api-key", writeKey);
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** One request's body; the events' ids go into {@code ids} in order. */
    private String batch(int client, int from, int n, List<String> ids) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode events = body.putArray("events");
        for (int i = 0; i < n; i++) {
            int k = from + i;
            String id = "load-c" + client + "-e" + k;
            ids.add(id);
            ObjectNode e = events.addObject();
            String type = TYPES[k % TYPES.length];
            e.put("event_id", id);
            e.put("type", type);
            e.put("user_id", "load-u" + client + "-" + (k / 50));
            e.put("session_id", "load-s" + client + "-" + (k / 10));
            e.put("item_id", "item-" + (k * 7919 % 500));
            e.put("timestamp", now.minusSeconds(3600L - (k % 3600)).toString());
            if (type.equals("purchase") || type.equals("add_to_cart")) {
                e.put("price", 10 + k % 90);
                e.put("quantity", 1);
            }
        }
        return body.toString();
    }

    /** The ids the answer did not reject: {@code rejected} lists the refused events by their index. */
    private static List<String> accepted(List<String> ids, String answer) throws IOException {
        JsonNode a = JSON.readTree(answer);
        Set<Integer> rejected = ConcurrentHashMap.newKeySet();
        for (JsonNode r : a.path("rejected")) {
            rejected.add(r.path("index").asInt(-1));
        }
        List<String> ok = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            if (!rejected.contains(i)) {
                ok.add(ids.get(i));
            }
        }
        return ok;
    }
}
