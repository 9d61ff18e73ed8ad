package dev.propel.functions.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.core.layout.S3Layout;
import dev.propel.core.storage.S3ClientFactory;
import dev.propel.functions.datasets.BuildSettings;
import dev.propel.functions.datasets.ChainSettings;
import dev.propel.functions.datasets.DatasetBuilder;
import dev.propel.functions.ingest.IngestHandler;
import dev.propel.functions.preprocess.PreprocessHandler;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.s3.embedded.ObjectCreatedListener;
import dev.propel.testkit.LambdaTestContext;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The whole write path with WireMock between every function's SDK client and the embedded S3, injecting a fault
 * into a quarter of the requests (resets, empty and malformed answers, 500, 503 SlowDown, writes whose answer
 * comes too late), then a recovered S3. Proves: no 202 without its stored object, every caller error a 503 with
 * Retry-After, every acknowledged event in {@code clean/} with nothing lost or duplicated across Lambda retries,
 * duplicate and out-of-order notifications and a redrive after recovery, and a datasets chain built by two
 * concurrent, failing and retried builds equal to one fault-free build. The counts are printed as one JSON line
 * ({@code FAULTS {...}}) for the README.
 */
@ExtendWith(EmbeddedS3Extension.class)
class FaultInjectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "faults";
    private static final LocalDate DAY = LocalDate.parse("2026-11-27");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T21:00:00Z"), ZoneOffset.UTC);
    private static final int REQUESTS = 30;
    private static final int EVENTS_PER_REQUEST = 5;
    private static final double RATE = 0.25;
    private static final double DATASETS_RATE = 0.04;

    @Test
    void nothingAcknowledgedIsLostOrDuplicatedThroughFaultsRetriesAndRecovery(EmbeddedS3 s3) throws Exception {
        s3.createBucket(BUCKET);
        List<String> rawKeys = new CopyOnWriteArrayList<>();
        ObjectCreatedListener listener = e -> {
            if (e.key().startsWith(S3Layout.RAW)) {
                rawKeys.add(e.key());
            }
        };
        s3.addListener(listener);
        Map<String, Object> figures = new LinkedHashMap<>();
        try (FaultProxy proxy = FaultProxy.start(s3.endpoint(), 20261127L, 900);
             S3Client direct = s3.client()) {
            Map<String, String> env = Map.of(S3ClientFactory.ENDPOINT_ENV, proxy.endpoint().toString(),
                    S3ClientFactory.BUCKET_ENV, BUCKET, S3ClientFactory.CALL_TIMEOUT_ENV, "8000",
                    S3ClientFactory.ATTEMPT_TIMEOUT_ENV, "700");
            proxy.faultRate(RATE);

            // 1. ingest: callers retry until 202, as a client SDK does on 503 + Retry-After
            IngestHandler ingest = new IngestHandler(env, CLOCK);
            Set<String> acknowledged = new HashSet<>();
            Map<String, List<String>> acked = new LinkedHashMap<>();
            Map<Integer, Integer> answers = new HashMap<>();
            int attempts = 0;
            for (int r = 0; r < REQUESTS; r++) {
                List<String> ids = new ArrayList<>();
                StringBuilder body = new StringBuilder("{\"events\":[");
                for (int i = 0; i < EVENTS_PER_REQUEST; i++) {
                    String id = "f-" + r + "-" + i;
                    ids.add(id);
                    body.append(i == 0 ? "" : ",").append("{\"event_id\":\"").append(id)
                            .append("\",\"type\":\"").append(i == EVENTS_PER_REQUEST - 1 ? "purchase" : "view")
                            .append("\",\"user_id\":\"u").append(r % 7).append("\",\"item_id\":\"i").append(i)
                            .append("\",\"price\":3.5,\"timestamp\":\"2026-11-27T20:").append(10 + r)
                            .append(":0").append(i).append("Z\"}");
                }
                body.append("]}");
                for (int attempt = 0; attempt < 8; attempt++) {
                    String requestId = "req-" + r + "-" + attempt;
                    attempts++;
                    APIGatewayProxyResponseEvent a = ingest.handleRequest(post(body.toString()),
                            new LambdaTestContext(requestId, "IngestFunction"));
                    answers.merge(a.getStatusCode(), 1, Integer::sum);
                    if (a.getStatusCode() == 202) {
                        acked.put(S3Layout.rawKey(CLOCK.instant(), requestId), ids);
                        acknowledged.addAll(ids);
                        break;
                    }
                    assertEquals(503, a.getStatusCode(), a.getBody());
                    assertTrue(a.getHeaders().containsKey("Retry-After"), "503 without Retry-After");
                }
            }
            assertEquals(REQUESTS * EVENTS_PER_REQUEST, acknowledged.size(), "every request got its 202 in the end");
            // a write whose answer the proxy held back may still be on its way to the store: let it land first
            Thread.sleep(1200);
            for (Map.Entry<String, List<String>> a : acked.entrySet()) {
                assertEquals(Set.copyOf(a.getValue()), Set.copyOf(eventIds(direct, a.getKey())),
                        "a 202 means its object is stored: " + a.getKey());
            }

            // 2. preprocess: every notification twice, shuffled; Lambda's two retries, then the destination
            PreprocessHandler preprocess = new PreprocessHandler(env);
            List<String> deliveries = new ArrayList<>(rawKeys);
            deliveries.addAll(rawKeys);
            Collections.shuffle(deliveries, new Random(7));
            List<String> destination = new ArrayList<>();
            int invocations = 0;
            int failedInvocations = 0;
            for (String key : deliveries) {
                boolean done = false;
                for (int attempt = 0; attempt < 3 && !done; attempt++) {
                    invocations++;
                    try {
                        preprocess.handleRequest(s3Event(key), new LambdaTestContext("n-" + invocations,
                                "PreprocessFunction"));
                        done = true;
                    } catch (RuntimeException e) {
                        failedInvocations++;
                    }
                }
                if (!done) {
                    destination.add(key);
                }
            }

            // 3. the S3 recovers; the destination is redriven
            proxy.faultRate(0);
            for (String key : destination) {
                preprocess.handleRequest(s3Event(key), new LambdaTestContext("redrive", "PreprocessFunction"));
            }

            // every raw object has exactly its own events in its one clean object; none lost, none duplicated
            Map<String, Integer> inClean = new HashMap<>();
            int cleanObjects = 0;
            for (S3Object o : direct.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(S3Layout.CLEAN))
                    .contents()) {
                cleanObjects++;
                for (String id : eventIds(direct, o.key())) {
                    inClean.merge(id, 1, Integer::sum);
                }
            }
            Set<String> rawObjects = new HashSet<>();
            Map<String, Integer> inRaw = new HashMap<>();
            for (S3Object o : direct.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(S3Layout.RAW))
                    .contents()) {
                rawObjects.add(o.key());
                assertEquals(eventIds(direct, o.key()), eventIds(direct, S3Layout.cleanKeyFor(o.key())), o.key());
                for (String id : eventIds(direct, o.key())) {
                    inRaw.merge(id, 1, Integer::sum);
                }
            }
            assertEquals(rawObjects.size(), cleanObjects, "one clean object per raw object");
            long lost = acknowledged.stream().filter(id -> !inClean.containsKey(id)).count();
            long duplicated = inClean.entrySet().stream().filter(e -> e.getValue() > inRaw.get(e.getKey())).count();
            assertEquals(0, lost, "acknowledged events missing from clean/");
            assertEquals(0, duplicated, "events in clean/ more often than in raw/");

            // 4. the datasets: two builds at once through a faulty S3, each retried as Lambda and a redrive would
            // (a day makes ~60 calls, and a malformed answer to a streamed read fails the call outright: at the
            // ingest rate almost no build would finish, so a lower one)
            proxy.faultRate(DATASETS_RATE);
            // a short lease: a build that fails and whose release is lost too holds the chain only that long
            ChainSettings chain = new ChainSettings(7, 62, 7, Duration.ofSeconds(20), 600, Duration.ofMillis(100),
                    Duration.ofMillis(100));
            S3Client faultyA = datasetsClient(proxy);
            S3Client faultyB = datasetsClient(proxy);
            int[] failedBuilds = new int[1];
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> builds = new ArrayList<>();
                for (S3Client c : List.of(faultyA, faultyB)) {
                    builds.add(pool.submit(() -> {
                        for (int attempt = 0; ; attempt++) {
                            try {
                                new DatasetBuilder(c, BUCKET, BuildSettings.defaults(), chain, CLOCK)
                                        .build(List.of(DAY.minusDays(1), DAY));
                                return null;
                            } catch (RuntimeException e) {
                                synchronized (failedBuilds) {
                                    failedBuilds[0]++;
                                }
                                if (attempt >= 20) {
                                    throw e;
                                }
                            }
                        }
                    }));
                }
                for (Future<?> f : builds) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
                faultyA.close();
                faultyB.close();
            }
            proxy.faultRate(0);
            List<String> lines = gunzipLines(direct, "stats/daily/dt=" + DAY + "/part-00000.csv.gz");
            List<String> header = List.of(lines.get(0).split(","));
            String[] row = lines.get(1).split(",");
            long dayEvents = Long.parseLong(row[header.indexOf("events")]);
            long purchases = Long.parseLong(row[header.indexOf("purchases")]);
            assertEquals(acknowledged.size(), dayEvents, "the day's events in the datasets: each once");
            assertEquals(REQUESTS, purchases);

            figures.put("faults", proxy.faults());
            figures.put("s3_requests", proxy.requests());
            figures.put("events_sent", REQUESTS * EVENTS_PER_REQUEST);
            figures.put("ingest_attempts", attempts);
            figures.put("ingest_answers", answers);
            figures.put("events_acknowledged", acknowledged.size());
            figures.put("notifications_delivered", deliveries.size());
            figures.put("preprocess_invocations", invocations);
            figures.put("preprocess_failed_invocations", failedInvocations);
            figures.put("destination_records_redriven", destination.size());
            figures.put("events_lost", lost);
            figures.put("events_duplicated", duplicated);
            figures.put("datasets_failed_build_attempts", failedBuilds[0]);
            figures.put("datasets_day_events", dayEvents);
            System.out.println("FAULTS " + JSON.writeValueAsString(figures));
            assertTrue(proxy.faults().get("total") > 0, "faults were injected");
        } finally {
            s3.removeListener(listener);
        }
    }

    /**
     * The datasets stage's client through the proxy, as {@link S3ClientFactory} builds it, except that PUTs go
     * without {@code Content-Encoding: gzip}: WireMock's Jetty answers 500 to a request body with that header
     * before any extension sees it, while for S3 it is only object metadata (the bytes stored are the same).
     */
    private static S3Client datasetsClient(FaultProxy proxy) {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofMillis(700))
                        .socketTimeout(Duration.ofMillis(700)))
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(8))
                        .apiCallAttemptTimeout(Duration.ofMillis(700)).addExecutionInterceptor(new ExecutionInterceptor() {
                            @Override
                            public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
                                    ExecutionAttributes attributes) {
                                return context.httpRequest().toBuilder().removeHeader("Content-Encoding").build();
                            }
                        }).build())
                .endpointOverride(proxy.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("propel-local",
                        "propel-local-secret")))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
    }

    private static APIGatewayProxyRequestEvent post(String body) throws IOException {
        ObjectNode event;
        try (InputStream in = FaultInjectionTest.class.getResourceAsStream("/ingest/apigw-post-events.json")) {
            event = (ObjectNode) JSON.readTree(in);
        }
        event.put("body", body);
        event.put("isBase64Encoded", false);
        return LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class,
                FaultInjectionTest.class.getClassLoader()).fromJson(JSON.writeValueAsString(event));
    }

    /** The notification S3 sends for a created object, as the Lambda runtime deserialises it. */
    static S3Event s3Event(String key) {
        String json = "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
                + "\"eventTime\":\"2026-11-27T21:00:01.000Z\",\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"s3SchemaVersion\":\"1.0\",\"configurationId\":\"PreprocessRaw\","
                + "\"bucket\":{\"name\":\"" + BUCKET + "\",\"arn\":\"arn:aws:s3:::" + BUCKET + "\"},"
                + "\"object\":{\"key\":\"" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "\",\"size\":1}}}]}";
        return LambdaEventSerializers.serializerFor(S3Event.class, FaultInjectionTest.class.getClassLoader())
                .fromJson(json);
    }

    /** The event ids of a stored gzip JSON-lines object, in order. */
    static List<String> eventIds(S3Client s3, String key) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String line : gunzipLines(s3, key)) {
            if (!line.isBlank()) {
                ids.add(JSON.readTree(line).path("event_id").asText());
            }
        }
        return ids;
    }

    static List<String> gunzipLines(S3Client s3, String key) throws IOException {
        byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(bytes)), StandardCharsets.UTF_8))) {
            return r.lines().toList();
        }
    }
}
