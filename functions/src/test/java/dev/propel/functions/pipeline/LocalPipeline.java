package dev.propel.functions.pipeline;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.core.csv.CsvReader;
import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.event.EventJson;
import dev.propel.core.event.IngestLimits;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.log.JsonLog;
import dev.propel.core.privacy.Pseudonymiser;
import dev.propel.functions.BucketContents;
import dev.propel.functions.datasets.BuildDatasetsHandler;
import dev.propel.functions.ingest.IngestHandler;
import dev.propel.functions.ingest.IngestService;
import dev.propel.functions.preprocess.PreprocessHandler;
import dev.propel.functions.preprocess.PreprocessService;
import dev.propel.functions.storage.RawEventWriter;
import dev.propel.functions.testing.ApiEvents;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.ObjectCreated;
import dev.propel.s3.embedded.ObjectCreatedListener;
import dev.propel.testkit.LambdaTestContext;
import dev.propel.testkit.SettableClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Ingest, stage 1 and stage 2 wired as AWS runs them, against one bucket of the embedded S3: each
 * {@link #post POST /events} is an API Gateway proxy event (JSON, deserialised by the Lambda runtime's serializer)
 * handled by the real {@link IngestHandler}; every {@code raw/} object the embedded S3 announces is handed to the
 * real {@link PreprocessHandler} as the S3 notification Lambda would deliver (URL-encoded key, runtime serializer);
 * {@link #buildDays} invokes the real {@link BuildDatasetsHandler}. The receive time of each request is the
 * caller's (a replayed or simulated clock), so {@code raw/} and {@code clean/} are partitioned as they would have
 * been live. The handlers' log lines are kept for inspection.
 */
final class LocalPipeline implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PojoSerializer<S3Event> S3_EVENTS =
            LambdaEventSerializers.serializerFor(S3Event.class, LocalPipeline.class.getClassLoader());
    private static final String API_EVENT_TEMPLATE = ApiEvents.sampleJson("ingest-events.json");

    /** One rejection of a 202/400 answer. */
    record Rejection(int index, String field, String error) {
    }

    /** What {@code POST /events} answered. */
    record Answer(int status, int accepted, int duplicates, List<Rejection> rejected, String body) {
    }

    private final EmbeddedS3 s3;
    private final S3Client client;
    private final S3Client preprocessClient;
    private final String bucket;
    private final String name;
    private final SettableClock clock = new SettableClock(Instant.EPOCH);
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream logs = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    private final IngestHandler ingest;
    private final PreprocessHandler preprocess;
    private final ConcurrentLinkedQueue<ObjectCreated> announced = new ConcurrentLinkedQueue<>();
    private final ObjectCreatedListener listener;
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private final Map<String, Instant> receivedAtByRawKey = new LinkedHashMap<>();
    private final Map<String, Integer> notifications = new TreeMap<>();
    private int requests;
    private int cleaned;
    private int quarantined;
    private int skipped;

    /** A pipeline on a fresh bucket {@code bucket}; {@code name} prefixes request ids. */
    LocalPipeline(EmbeddedS3 s3, String bucket, String name) {
        this.s3 = s3;
        this.bucket = bucket;
        this.name = name;
        s3.createBucket(bucket);
        this.client = s3.client();
        this.ingest = new IngestHandler(new IngestService(IngestLimits.DEFAULT,
                new RawEventWriter(client, bucket, Pseudonymiser.identity()), clock),
                new JsonLog("IngestFunction", logs));
        // each function has its own client, as separate Lambda functions do
        this.preprocessClient = s3.client();
        this.preprocess = new PreprocessHandler(new PreprocessService(preprocessClient, IngestLimits.DEFAULT),
                new JsonLog("PreprocessFunction", logs));
        // the template subscribes the preprocess function to ObjectCreated under raw/ of its bucket only
        this.listener = o -> {
            if (o.bucket().equals(bucket) && o.key().startsWith(S3Layout.RAW)) {
                announced.add(o);
            }
        };
        s3.addListener(listener);
    }

    S3Client client() {
        return client;
    }

    String bucket() {
        return bucket;
    }

    BucketContents contents() {
        return new BucketContents(client, bucket);
    }

    /**
     * One {@code POST /events} with a batch of event JSON objects (as sent, valid or not), received at
     * {@code receivedAt}; then the S3 notifications of what it stored go to the preprocess function, one
     * invocation per object as S3 sends them.
     */
    Answer post(List<String> eventJsons, Instant receivedAt) {
        clock.set(receivedAt);
        String requestId = String.format("%s-%06d", name, ++requests);
        String body = "{\"events\":[" + String.join(",", eventJsons) + "]}";
        APIGatewayProxyResponseEvent response = ingest.handleRequest(apiEvent(body, requestId),
                new LambdaTestContext(requestId, "IngestFunction"));
        statuses.merge(response.getStatusCode(), 1, Integer::sum);
        Answer answer = answer(response);
        for (ObjectCreated o = announced.poll(); o != null; o = announced.poll()) {
            receivedAtByRawKey.put(o.key(), receivedAt);
            notifications.merge(o.key(), 1, Integer::sum);
            String result = preprocess.handleRequest(s3Event(o),
                    new LambdaTestContext(requestId + "-pre", "PreprocessFunction"));
            JsonNode counts = ApiEvents.parse(result);
            cleaned += counts.get("cleaned").asInt();
            quarantined += counts.get("quarantined").asInt();
            skipped += counts.get("skipped").asInt();
        }
        return answer;
    }

    /** Runs the datasets function for each day from {@code from} to {@code to}; the per-day reports in order. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> buildDays(LocalDate from, LocalDate to) {
        BuildDatasetsHandler handler = new BuildDatasetsHandler(client, bucket, Clock.fixed(Instant.EPOCH,
                ZoneOffset.UTC));
        List<Map<String, Object>> days = new ArrayList<>();
        for (LocalDate start = from; !start.isAfter(to); start = start.plusDays(62)) {
            LocalDate end = start.plusDays(61).isBefore(to) ? start.plusDays(61) : to;
            Map<String, Object> out = handler.handleRequest(Map.of("from", start.toString(), "to", end.toString()),
                    new LambdaTestContext(name + "-build-" + start, "BuildDatasetsFunction"));
            if (!out.containsKey("days")) {
                throw new AssertionError("datasets function refused " + start + ".." + end + ": " + out);
            }
            days.addAll((List<Map<String, Object>>) out.get("days"));
        }
        return days;
    }

    /** HTTP status → number of ingest answers with it. */
    Map<Integer, Integer> statuses() {
        return statuses;
    }

    int requests() {
        return requests;
    }

    /** Objects the preprocess function cleaned, quarantined (unreadable) and skipped. */
    int cleaned() {
        return cleaned;
    }

    int quarantined() {
        return quarantined;
    }

    int skipped() {
        return skipped;
    }

    /**
     * How many ObjectCreated notifications each raw key raised (S3 delivers at least once: an SDK retry of a PUT
     * announces the object again).
     */
    Map<String, Integer> notifications() {
        return notifications;
    }

    /** The receive time of the request that wrote each raw key, in the order they were written. */
    Map<String, Instant> receivedAtByRawKey() {
        return receivedAtByRawKey;
    }

    /** Every line the ingest and preprocess functions logged. */
    List<String> logLines() {
        String text = logBytes.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    /** Each {@code clean/} object's events, by key. */
    Map<String, List<BehaviourEvent>> cleanObjects() {
        BucketContents b = contents();
        Map<String, List<BehaviourEvent>> out = new TreeMap<>();
        for (String key : b.keys(S3Layout.CLEAN)) {
            out.put(key, b.gzipLines(key).stream().map(EventJson::parse).toList());
        }
        return out;
    }

    /** A gzip CSV table as header-keyed rows; empty when the object does not exist. */
    List<Map<String, String>> table(String key) {
        if (contents().keys(key).isEmpty()) {
            return List.of();
        }
        byte[] gz = contents().bytes(key);
        try (CsvReader r = new CsvReader(new InputStreamReader(new GZIPInputStream(new ByteArrayInputStream(gz)),
                StandardCharsets.UTF_8))) {
            List<String> header = r.next();
            List<Map<String, String>> rows = new ArrayList<>();
            for (List<String> f = r.next(); f != null; f = r.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), f.get(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON object of the bucket. */
    JsonNode json(String key) {
        return ApiEvents.parse(contents().text(key));
    }

    @Override
    public void close() {
        s3.removeListener(listener);
        client.close();
        preprocessClient.close();
    }

    /** The sample API Gateway event with this body and request id, through the runtime's serializer. */
    private static APIGatewayProxyRequestEvent apiEvent(String body, String requestId) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(API_EVENT_TEMPLATE);
            event.put("body", body);
            event.put("isBase64Encoded", false);
            ((ObjectNode) event.get("requestContext")).put("requestId", requestId);
            return ApiEvents.fromJson(JSON.writeValueAsString(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer answer(APIGatewayProxyResponseEvent response) {
        JsonNode body = ApiEvents.parse(response.getBody());
        List<Rejection> rejected = new ArrayList<>();
        if (body.has("rejected")) {
            for (JsonNode r : body.get("rejected")) {
                rejected.add(new Rejection(r.get("index").asInt(), r.get("field").isNull() ? null
                        : r.get("field").asText(), r.get("error").asText()));
            }
        }
        return new Answer(response.getStatusCode(), body.path("accepted").asInt(), body.path("duplicates").asInt(),
                rejected, response.getBody());
    }

    /** The notifications' eventTime: fixed (no consumer reads it), so nothing depends on the run's date. */
    private static final String NOTIFICATION_TIME = "2026-11-28T09:15:03.112Z";

    /**
     * The notification S3 sends for one new object (key URL-encoded as S3 does: {@code dt%3D…}, slashes kept), via
     * the runtime serializer.
     */
    private static S3Event s3Event(ObjectCreated o) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        ObjectNode r = records.addObject();
        r.put("eventVersion", "2.1").put("eventSource", "aws:s3").put("awsRegion", "us-east-1")
                .put("eventTime", NOTIFICATION_TIME)
                .put("eventName", o.eventName());
        r.putObject("userIdentity").put("principalId", "AWS:AROAEXAMPLE:IngestFunction");
        r.putObject("requestParameters").put("sourceIPAddress", "10.0.0.1");
        r.putObject("responseElements").put("x-amz-request-id", "C3D13FE58DE4C810")
                .put("x-amz-id-2", "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD");
        ObjectNode s3 = r.putObject("s3");
        s3.put("s3SchemaVersion", "1.0").put("configurationId", "raw-objects");
        s3.putObject("bucket").put("name", o.bucket()).put("arn", "arn:aws:s3:::" + o.bucket())
                .putObject("ownerIdentity").put("principalId", "A3NL1KOZZKExample");
        s3.putObject("object").put("key", URLEncoder.encode(o.key(), StandardCharsets.UTF_8).replace("%2F", "/"))
                .put("size", Math.max(0, o.size())).put("eTag", o.eTag() == null ? "" : o.eTag())
                .put("sequencer", "0055AED6DCD90281E5");
        try {
            return S3_EVENTS.fromJson(JSON.writeValueAsString(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
