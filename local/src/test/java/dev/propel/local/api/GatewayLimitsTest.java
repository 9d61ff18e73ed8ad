package dev.propel.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.core.log.JsonLog;
import dev.propel.local.runtime.FunctionRuntime;
import dev.propel.local.template.CloudFormationYaml;
import dev.propel.local.template.FunctionDefinition;
import dev.propel.local.template.PseudoParameters;
import dev.propel.local.template.SamTemplate;
import dev.propel.local.template.TemplateReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's gateway answers match API Gateway's limits and the template's gateway responses: 413 past 10 MB
 * of request or 6 MB of Lambda event (about 4.5 MiB of raw body once base64-encoded), 502 for a response over 6 MB,
 * 429 past a key's throttle, 403 without the key; every body in the project's {@code {"error", "field"}} shape.
 */
class GatewayLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String KEY = "k".repeat(40);
    /** EchoApiHandler's status: the request reached the function. */
    private static final int ECHOED = 201;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private ApiGatewayEmulator api;

    @BeforeEach
    void start() throws Exception {
        SamTemplate template = new TemplateReader(PseudoParameters.local())
                .read(Path.of("src/test/resources/emulator-limits-template.yaml"));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Map<String, FunctionRuntime> functions = new LinkedHashMap<>();
        for (FunctionDefinition f : template.functions().values()) {
            functions.put(f.logicalId(), new FunctionRuntime(f, f.environment(),
                    GatewayLimitsTest.class.getClassLoader(), quiet));
        }
        // burst 3, one request per 10 s: the fourth request in a row is throttled until the clock moves
        LocalApiKeys keys = LocalApiKeys.of(Map.of(LocalApiKeys.WRITE_KEY, KEY))
                .withThrottle(new UsagePlanThrottle(0.1, 3, nanos::get));
        api = ApiGatewayEmulator.start(0, new RouteTable(template.routes()), functions, "000000000000", keys,
                new JsonLog("api", quiet));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private HttpResponse<String> post(String body, String key) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(api.endpoint() + "/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            r.header("x-api-key", key);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertGatewayError(HttpResponse<String> r, GatewayErrors.GatewayError expected)
            throws Exception {
        assertEquals(expected.status(), r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = JSON.readTree(r.body());
        assertTrue(body.path("error").isTextual(), r.body());
        assertEquals(JSON.readTree(expected.body()), body);
    }

    @Test
    void missingOrWrongKeyIs403AndNoFunctionRuns() throws Exception {
        assertGatewayError(post("{}", null), GatewayErrors.INVALID_API_KEY);
        assertGatewayError(post("{}", KEY + "x"), GatewayErrors.INVALID_API_KEY);
        assertEquals(ECHOED, post("{}", KEY).statusCode());
    }

    @Test
    void aKeyPastItsThrottleGets429UntilItsBucketRefills() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(ECHOED, post("{}", KEY).statusCode(), "request " + i + " is within the burst");
        }
        HttpResponse<String> throttled = post("{}", KEY);
        assertGatewayError(throttled, GatewayErrors.THROTTLED);
        assertEquals("1", throttled.headers().firstValue("Retry-After").orElse(null));
        // a refused key does not spend the bucket of a request without the key: 403 stays 403
        assertGatewayError(post("{}", null), GatewayErrors.INVALID_API_KEY);
        nanos.addAndGet(10_000_000_000L);
        assertEquals(ECHOED, post("{}", KEY).statusCode(), "one token back after 10 s");
        assertGatewayError(post("{}", KEY), GatewayErrors.THROTTLED);
    }

    @Test
    void bodyThatMakesTheLambdaEventPass6MbIs413() throws Exception {
        // 4.8 MB of raw body is 6.4 MB once base64-encoded in the event (binary media types */*): over Lambda's 6 MiB
        String body = "\"" + "a".repeat(4_800_000) + "\"";
        assertGatewayError(post(body, KEY), GatewayErrors.REQUEST_TOO_LARGE);
        String fits = "\"" + "a".repeat(4_000_000) + "\"";
        assertEquals(ECHOED, post(fits, KEY).statusCode());
    }

    @Test
    void requestOver10MbIs413() throws Exception {
        assertGatewayError(post("\"" + "a".repeat(GatewayErrors.MAX_REQUEST_BYTES) + "\"", KEY),
                GatewayErrors.REQUEST_TOO_LARGE);
    }

    @Test
    void responseOver6MbIs502() throws Exception {
        HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(URI.create(api.endpoint() + "/sized?bytes=1000"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        HttpResponse<String> big = HTTP.send(HttpRequest.newBuilder(
                URI.create(api.endpoint() + "/sized?bytes=" + GatewayErrors.MAX_LAMBDA_PAYLOAD_BYTES)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertGatewayError(big, GatewayErrors.INTERNAL);
    }

    /** The local answers are the template's: same status, same body, for every gateway response used locally. */
    @Test
    void localGatewayErrorsAreTheTemplatesGatewayResponses() throws Exception {
        JsonNode responses;
        try (Reader in = Files.newBufferedReader(Path.of("../template.yaml"))) {
            responses = CloudFormationYaml.read(in).path("Globals").path("Api").path("GatewayResponses");
        }
        for (GatewayErrors.GatewayError e : List.of(GatewayErrors.INVALID_API_KEY, GatewayErrors.THROTTLED,
                GatewayErrors.REQUEST_TOO_LARGE, GatewayErrors.INTERNAL)) {
            JsonNode r = responses.path(e.type());
            assertEquals(JSON.readTree(e.body()), JSON.readTree(r.path("ResponseTemplates").path("application/json")
                    .asText()), e.type());
            if (r.has("StatusCode")) {
                assertEquals(e.status(), r.path("StatusCode").asInt(), e.type());
            }
        }
        assertEquals("'1'", responses.path("THROTTLED").path("ResponseParameters").path("Headers")
                .path("Retry-After").asText());
        // every gateway error a caller can meet has the project's shape
        for (String type : List.of("INVALID_API_KEY", "MISSING_AUTHENTICATION_TOKEN", "ACCESS_DENIED",
                "UNAUTHORIZED", "THROTTLED", "QUOTA_EXCEEDED", "REQUEST_TOO_LARGE", "INTEGRATION_TIMEOUT",
                "INTEGRATION_FAILURE", "DEFAULT_4XX", "DEFAULT_5XX")) {
            String template = responses.path(type).path("ResponseTemplates").path("application/json").asText();
            assertTrue(template.startsWith("{\"error\": "), type + ": " + template);
        }
    }
}
