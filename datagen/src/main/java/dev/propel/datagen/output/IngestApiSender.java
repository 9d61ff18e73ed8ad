package dev.propel.datagen.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends JSON event objects to a Propel ingest API ({@code POST <base>/events}, body {@code {"events":[…]}}) in
 * batches of at most {@value #MAX_BATCH}, and tallies the API's answers ({@code 202 {accepted, rejected:[{index,
 * field, error}]}}). Events are passed as JSON text so that deliberately invalid ones can be sent too.
 * Overloaded (429) or failing (5xx) answers and connection errors are retried with back-off.
 */
public final class IngestApiSender implements Closeable {
    /** The environment variable holding the write key ({@code keys.json}'s {@code write_key} locally). */
    public static final String WRITE_KEY_ENV = "PROPEL_WRITE_KEY";
    /** The most events one request may carry. */
    public static final int MAX_BATCH = 500;
    private static final int ATTEMPTS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI endpoint;
    private final int batchSize;
    private final String writeKey;
    private final List<String> batch = new ArrayList<>();
    private final List<Rejection> firstRejections = new ArrayList<>();
    private long sent;
    private long accepted;
    private long rejected;
    private long requests;

    /** One event the API rejected: its position in everything sent so far, the field and the reason. */
    public record Rejection(long index, String field, String error) {
    }

    /** What the API said about everything sent. */
    public record Totals(long requests, long sent, long accepted, long rejected, List<Rejection> firstRejections) {
    }

    /**
     * @param base      the API's base URL (e.g. {@code http://127.0.0.1:3000}); {@code /events} is appended unless
     *                  the URL already ends with it
     * @param batchSize events per request, 1 to {@value #MAX_BATCH}
     */
    public IngestApiSender(URI base, int batchSize) {
        this(base, batchSize, System.getenv(WRITE_KEY_ENV));
    }

    /**
     * @param base      the API's base URL; {@code /events} is appended unless the URL already ends with it
     * @param batchSize events per request, 1 to {@value #MAX_BATCH}
     * @param writeKey  the write key sent as {@code x-api-key}, or null for an API that requires none
     */
    public IngestApiSender(URI base, int batchSize, String writeKey) {
        this.writeKey = writeKey == null || writeKey.isBlank() ? null : writeKey;
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("batch size must be within [1, " + MAX_BATCH + "]");
        }
        String s = base.toString();
        this.endpoint = URI.create(s.endsWith("/events") ? s : s.replaceAll("/+$", "") + "/events");
        this.batchSize = batchSize;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Queues one JSON object; sends a batch when full. */
    public void add(String json) {
        batch.add(json);
        if (batch.size() >= batchSize) {
            flush();
        }
    }

    /** Sends what is queued. */
    public void flush() {
        if (batch.isEmpty()) {
            return;
        }
        StringBuilder body = new StringBuilder(batch.size() * 300).append("{\"events\":[");
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(batch.get(i));
        }
        body.append("]}");
        JsonNode answer = post(body.toString());
        long offset = sent;
        sent += batch.size();
        requests++;
        int batchRejected = 0;
        JsonNode list = answer.path("rejected");
        for (JsonNode r : list) {
            batchRejected++;
            if (firstRejections.size() < 100) {
                firstRejections.add(new Rejection(offset + r.path("index").asLong(), r.path("field").asText(null),
                        r.path("error").asText(null)));
            }
        }
        rejected += batchRejected;
        accepted += answer.has("accepted") ? answer.get("accepted").asLong() : batch.size() - batchRejected;
        batch.clear();
    }

    private JsonNode post(String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (writeKey != null) {
            builder.header("x-api-key", writeKey);
        }
        HttpRequest request = builder.build();
        IOException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) {
                sleep(200L << attempt);
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 429 || status >= 500) {
                    last = new IOException("ingest API answered " + status + ": " + abbreviate(response.body()));
                    continue;
                }
                if (status != 200 && status != 202) {
                    throw new UncheckedIOException(new IOException(
                            "ingest API answered " + status + ": " + abbreviate(response.body())));
                }
                return JSON.readTree(response.body());
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted while posting events", e));
            }
        }
        throw new UncheckedIOException(new IOException("could not post events to " + endpoint + " after "
                + ATTEMPTS + " attempts: " + last.getMessage(), last));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    /** The tally so far. */
    public Totals totals() {
        return new Totals(requests, sent, accepted, rejected, List.copyOf(firstRejections));
    }

    /** Sends what is still queued. */
    @Override
    public void close() {
        flush();
    }
}
