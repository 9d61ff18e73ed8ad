package dev.propel.datagen.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for {@code POST /events} that speaks the ingest contract (DESIGN §2/§5): validates each event of a
 * batch by the contract's rules, answers 202 {@code {accepted, rejected:[{index, field, error}]}}, and records
 * what it accepted. It can fail one request with 503 to exercise the sender's retry.
 */
final class RecordingIngestApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    final List<Integer> batchSizes = new ArrayList<>();
    final Set<String> accepted = new LinkedHashSet<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final HttpServer server;

    RecordingIngestApi(int failCall) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/events", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String answer;
            int status;
            if (calls.getAndIncrement() == failCall) {
                status = 503;
                answer = "{\"error\":\"busy\"}";
            } else {
                JsonNode events = JSON.readTree(body).get("events");
                synchronized (this) {
                    batchSizes.add(events.size());
                }
                int ok = 0;
                StringBuilder rejected = new StringBuilder();
                for (int i = 0; i < events.size(); i++) {
                    String field = firstViolation(events.get(i));
                    if (field == null) {
                        ok++;
                        synchronized (this) {
                            accepted.add(events.get(i).get("event_id").asText());
                        }
                    } else {
                        rejected.append(rejected.length() > 0 ? "," : "").append("{\"index\":").append(i)
                                .append(",\"field\":\"").append(field).append("\",\"error\":\"invalid\"}");
                    }
                }
                status = 202;
                answer = "{\"accepted\":" + ok + ",\"rejected\":[" + rejected + "]}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The ingest contract's rules that the simulator's invalid events break; null when the event is valid. */
    static String firstViolation(JsonNode e) {
        if (!e.hasNonNull("event_id")) {
            return "event_id";
        }
        if (!e.hasNonNull("type")) {
            return "type";
        }
        if (!e.hasNonNull("user_id") && !e.hasNonNull("anonymous_id")) {
            return "user_id";
        }
        if (Set.of("view", "click", "add_to_cart", "remove_from_cart", "purchase").contains(e.get("type").asText())
                && !e.hasNonNull("item_id")) {
            return "item_id";
        }
        try {
            Instant.parse(e.path("timestamp").asText());
        } catch (RuntimeException bad) {
            return "timestamp";
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
