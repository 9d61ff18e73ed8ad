package dev.propel.functions.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.core.event.IngestLimits;
import dev.propel.core.log.JsonLog;
import dev.propel.core.privacy.Pseudonymiser;
import dev.propel.functions.ingest.IngestHandler;
import dev.propel.functions.ingest.IngestService;
import dev.propel.functions.serving.DecideHandler;
import dev.propel.functions.serving.PredictHandler;
import dev.propel.functions.serving.RankHandler;
import dev.propel.functions.serving.ServingConfig;
import dev.propel.functions.serving.ServingContext;
import dev.propel.functions.storage.RawEventWriter;
import dev.propel.functions.testing.ApiEvents;
import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.testkit.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing of every route through its handler, with events deserialised by the Lambda runtime's own
 * serializer: bodies (random bytes, and the route's sample with fields replaced, dropped, cut or garbled), headers
 * (media types, charsets, encodings, junk) and encodings (plain, base64, gzip, invalid base64). Whatever the caller
 * sends, the answer is never a 5xx (S3 and the models are up, so any 5xx is our bug), always a JSON object with
 * {@code Content-Type: application/json}, a 4xx always says what is wrong in {@code error}, and the response stays
 * under Lambda's 6 MB limit. Tries are bounded to keep the run to seconds.
 */
class RouteFuzzTest {
    private static final String BUCKET = "propel-fuzz";
    private static final int LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024;
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> ROUTES = List.of("ingest-events", "predict", "rank", "decide");

    private static Path root;
    private static EmbeddedS3 s3;
    private static Map<String, Function<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> handlers;

    @BeforeContainer
    static void start() throws IOException {
        root = Files.createTempDirectory("propel-fuzz-s3");
        s3 = EmbeddedS3.start(root, 0);
        s3.createBucket(BUCKET);
        var client = s3.client();
        TestModels.publish(client, BUCKET, TestModels.conversion(), "20261128T090000Z");
        TestModels.publish(client, BUCKET, TestModels.item(), "20261128T090500Z");
        TestModels.publish(client, BUCKET, TestModels.generic(), "20261128T091500Z");
        TestModels.publishStats(client, BUCKET);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        RawEventWriter writer = new RawEventWriter(client, BUCKET, Pseudonymiser.identity());
        IngestHandler ingest = new IngestHandler(new IngestService(IngestLimits.DEFAULT, writer, clock),
                new JsonLog("IngestFunction", quiet));
        ServingContext context = new ServingContext(new ServingConfig(BUCKET, Duration.ofSeconds(600), 1), client,
                writer::writeDecision);
        PredictHandler predict = new PredictHandler(context);
        RankHandler rank = new RankHandler(context);
        DecideHandler decide = new DecideHandler(context, clock);
        handlers = Map.of(
                "ingest-events", e -> ingest.handleRequest(e, null),
                "predict", e -> predict.handleRequest(e, null),
                "rank", e -> rank.handleRequest(e, null),
                "decide", e -> decide.handleRequest(e, null));
    }

    @AfterContainer
    static void stop() throws IOException {
        if (s3 != null) {
            s3.close();
        }
        if (root != null) {
            try (var files = Files.walk(root)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** What a caller sends: the route, the body's bytes, how they travel, and the headers. */
    record Call(String route, byte[] body, Encoding encoding, String contentType, String contentEncoding,
                List<String[]> extraHeaders) {
        @Override
        public String toString() {
            String shown = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            return route + " " + encoding + " type=" + contentType + " encoding=" + contentEncoding + " headers="
                    + extraHeaders.stream().map(h -> h[0] + ":" + h[1]).toList() + " body(" + body.length + ")="
                    + shown;
        }
    }

    /** How the body reaches the function. */
    enum Encoding { PLAIN, BASE64, GZIP_BASE64, GZIP_PLAIN, BROKEN_BASE64, NO_BODY }

    @Property(tries = 300, seed = "20261128")
    void callerMistakesNeverGiveA5xxAndAlwaysJson(@ForAll("calls") Call call) throws IOException {
        APIGatewayProxyResponseEvent r = handlers.get(call.route()).apply(event(call));
        int status = r.getStatusCode();
        assertTrue(status >= 200 && status < 500, "status " + status + ": " + r.getBody());
        assertEquals("application/json", header(r, "Content-Type"), "Content-Type");
        String body = r.getBody();
        assertTrue(body.getBytes(StandardCharsets.UTF_8).length <= LAMBDA_RESPONSE_LIMIT, "response over 6 MB");
        JsonNode json = JSON.readTree(body);
        assertTrue(json != null && json.isObject(), "a JSON object: " + body);
        if (status >= 400) {
            assertTrue(json.path("error").isTextual() && !json.path("error").asText().isBlank(), body);
            assertTrue(!body.contains("Exception") && !body.contains("\tat "), "no internals: " + body);
        }
    }

    private static String header(APIGatewayProxyResponseEvent r, String name) {
        if (r.getHeaders() == null) {
            return null;
        }
        for (var h : r.getHeaders().entrySet()) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }

    @Provide
    Arbitrary<Call> calls() {
        Arbitrary<String> route = Arbitraries.of(ROUTES);
        Arbitrary<Encoding> encoding = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just(Encoding.PLAIN)),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(Encoding.BASE64)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Encoding.GZIP_BASE64)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Encoding.GZIP_PLAIN)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Encoding.BROKEN_BASE64)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Encoding.NO_BODY)));
        Arbitrary<String> contentType = Arbitraries.of("application/json", "application/json; charset=utf-8",
                "text/plain", "text/plain;charset=UTF-8", "application/vnd.api+json", "application/json; charset=latin1",
                "application/xml", "multipart/form-data; boundary=x", "", ";;;", "application/json;charset=\"utf-8\"",
                "APPLICATION/JSON", "\u00e9/\u00e8", null);
        Arbitrary<String> contentEncoding = Arbitraries.of(null, null, null, "identity", "br", "gzip, deflate",
                "GZIP", "x-gzip", " ", "\u0000");
        Arbitrary<List<String[]>> extra = Arbitraries.of("Origin", "X-Forwarded-For", "Accept", "x-api-key",
                        "Content-Length", "Transfer-Encoding", "Cookie", "content-type")
                .flatMap(name -> Arbitraries.strings().ofMaxLength(40).map(v -> new String[] {name, v}))
                .list().ofMaxSize(3);
        return route.flatMap(r -> Combinators.combine(body(r), encoding, contentType, contentEncoding, extra)
                .as((b, enc, type, ce, headers) -> new Call(r, b, enc, type, ce, headers)));
    }

    /** The route's own sample, mutated, most of the time; otherwise any bytes or text. */
    private static Arbitrary<byte[]> body(String route) {
        JsonNode sample = ApiEvents.sampleBody(route + ".json");
        Arbitrary<byte[]> mutated = mutations(sample).map(n -> n.toString().getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> cut = mutations(sample).flatMap(n -> {
            byte[] full = n.toString().getBytes(StandardCharsets.UTF_8);
            return Arbitraries.integers().between(0, full.length).map(i -> java.util.Arrays.copyOf(full, i));
        });
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        Arbitrary<byte[]> text = Arbitraries.strings().all().ofMaxLength(300)
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, mutated), net.jqwik.api.Tuple.of(2, cut),
                net.jqwik.api.Tuple.of(1, bytes), net.jqwik.api.Tuple.of(1, text));
    }

    /** The sample with one to three of its values (at any depth) replaced by a hostile value, or dropped. */
    private static Arbitrary<JsonNode> mutations(JsonNode sample) {
        List<List<Object>> paths = new ArrayList<>();
        collectPaths(sample, new ArrayList<>(), paths);
        Arbitrary<Mutation> one = Combinators.combine(Arbitraries.of(paths), hostileValues(), Arbitraries.of(
                true, false, false, false)).as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(3).map(ms -> {
            JsonNode copy = sample.deepCopy();
            for (Mutation m : ms) {
                m.applyTo(copy);
            }
            return copy;
        });
    }

    /** Values callers get wrong: wrong types, huge and negative numbers, odd strings, deep or wide containers. */
    private static Arbitrary<JsonNode> hostileValues() {
        return Arbitraries.oneOf(
                Arbitraries.of("+999999999-01-01T00:00:00Z", "-999999999-12-31T23:59:59Z", "1970-01-01T00:00:00Z",
                        "2026-02-30T10:00:00Z", "2026-11-28T10:00:00+25:00", "2026-11-28", "", " ", "NaN",
                        "Infinity", "1e400", "-0", "\u0000", "\ud800", "x".repeat(5000), "2026-11-28T10:00:00.123456789Z",
                        "conversion", "view", "purchase", "add_to_cart").map(NODES::textNode),
                Arbitraries.of(1e308, -1e308, Double.MIN_VALUE, -1.0, 0.0, 1e9, 1e12, 3.5)
                        .map(d -> (JsonNode) NODES.numberNode(d)),
                Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 2147483648L, -1L, 0L, 10001L, 4102444800000L)
                        .map(l -> (JsonNode) NODES.numberNode(l)),
                Arbitraries.just(NODES.numberNode(new java.math.BigInteger("9".repeat(60)))),
                Arbitraries.just(NODES.numberNode(new java.math.BigDecimal("1e99999"))),
                Arbitraries.of(NODES.nullNode(), NODES.booleanNode(true), NODES.objectNode(), NODES.arrayNode()),
                Arbitraries.integers().between(1, 200).map(RouteFuzzTest::deep),
                Arbitraries.integers().between(0, 3000).map(RouteFuzzTest::wide),
                Arbitraries.integers().between(0, 120).map(RouteFuzzTest::manyFields));
    }

    private static JsonNode deep(int depth) {
        JsonNode n = NODES.textNode("x");
        for (int i = 0; i < depth; i++) {
            ArrayNode a = NODES.arrayNode();
            a.add(n);
            n = a;
        }
        return n;
    }

    private static JsonNode wide(int size) {
        ArrayNode a = NODES.arrayNode();
        for (int i = 0; i < size; i++) {
            a.add("i-" + i);
        }
        return a;
    }

    private static JsonNode manyFields(int size) {
        ObjectNode o = NODES.objectNode();
        for (int i = 0; i < size; i++) {
            o.put("field_" + i, i);
        }
        return o;
    }

    /** Replace (or drop) the value at a path of field names and indices. */
    record Mutation(List<Object> path, JsonNode value, boolean drop) {
        void applyTo(JsonNode root) {
            JsonNode parent = root;
            for (int i = 0; i < path.size() - 1; i++) {
                Object step = path.get(i);
                parent = step instanceof Integer idx ? parent.path(idx) : parent.path((String) step);
            }
            Object last = path.isEmpty() ? null : path.get(path.size() - 1);
            if (parent instanceof ObjectNode o && last instanceof String field) {
                if (drop) {
                    o.remove(field);
                } else {
                    o.set(field, value.deepCopy());
                }
            } else if (parent instanceof ArrayNode a && last instanceof Integer idx && idx < a.size()) {
                if (drop) {
                    a.remove(idx);
                } else {
                    a.set(idx, value.deepCopy());
                }
            }
        }
    }

    private static void collectPaths(JsonNode node, List<Object> at, List<List<Object>> into) {
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                List<Object> p = new ArrayList<>(at);
                p.add(f);
                into.add(p);
                collectPaths(node.get(f), p, into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < Math.min(node.size(), 3); i++) {
                List<Object> p = new ArrayList<>(at);
                p.add(i);
                into.add(p);
                collectPaths(node.get(i), p, into);
            }
        }
    }

    /** The route's sample event with the call's body, encoding and headers, read by the Lambda serializer. */
    private static APIGatewayProxyRequestEvent event(Call call) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(ApiEvents.sampleJson(call.route() + ".json"));
            ObjectNode headers = event.putObject("headers");
            ObjectNode multi = event.putObject("multiValueHeaders");
            headers.put("Host", "abc123defg.execute-api.eu-west-1.amazonaws.com");
            if (call.contentType() != null) {
                headers.put("Content-Type", call.contentType());
                multi.putArray("Content-Type").add(call.contentType());
            }
            boolean gzip = call.encoding() == Encoding.GZIP_BASE64 || call.encoding() == Encoding.GZIP_PLAIN;
            String contentEncoding = gzip ? "gzip" : call.contentEncoding();
            if (contentEncoding != null) {
                headers.put("Content-Encoding", contentEncoding);
                multi.putArray("Content-Encoding").add(contentEncoding);
            }
            for (String[] h : call.extraHeaders()) {
                headers.put(h[0], h[1]);
                multi.withArray(h[0]).add(h[1]);
            }
            switch (call.encoding()) {
                case PLAIN -> {
                    event.put("body", new String(call.body(), StandardCharsets.UTF_8));
                    event.put("isBase64Encoded", false);
                }
                case BASE64 -> {
                    event.put("body", Base64.getEncoder().encodeToString(call.body()));
                    event.put("isBase64Encoded", true);
                }
                case GZIP_BASE64 -> {
                    event.put("body", Base64.getEncoder().encodeToString(gzip(call.body())));
                    event.put("isBase64Encoded", true);
                }
                case GZIP_PLAIN -> {
                    event.put("body", new String(gzip(call.body()), StandardCharsets.ISO_8859_1));
                    event.put("isBase64Encoded", false);
                }
                case BROKEN_BASE64 -> {
                    event.put("body", "%%" + Base64.getEncoder().encodeToString(call.body()) + "=*");
                    event.put("isBase64Encoded", true);
                }
                case NO_BODY -> {
                    event.putNull("body");
                    event.put("isBase64Encoded", false);
                }
            }
            return ApiEvents.fromJson(JSON.writeValueAsString(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(bytes);
        }
        return out.toByteArray();
    }
}
