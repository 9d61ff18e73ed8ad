package dev.propel.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.propel.local.stack.LocalStack;
import dev.propel.local.stack.LocalStackConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator demands the template's API keys like API Gateway: the write key on /events, the server key on serving. */
class ApiKeysTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** EchoApiHandler's status: the request reached the function. */
    private static final int ECHOED = 201;
    private static final Path TEMPLATE = Path.of("src/test/resources/api-keys-template.yaml");

    @TempDir
    Path state;

    private LocalStack start(boolean auth, ByteArrayOutputStream log) throws Exception {
        return LocalStack.start(LocalStackConfig.defaults(TEMPLATE, state).withPorts(0, 0)
                .withSchedules(false, null).withApiKeys(auth)
                .withOut(new PrintStream(log, true, StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> call(LocalStack stack, String method, String path, String key)
            throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(stack.apiEndpoint() + path))
                .header("Content-Type", "application/json")
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        if (key != null) {
            r.header("x-api-key", key);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertForbidden(HttpResponse<String> r) throws Exception {
        assertEquals(403, r.statusCode(), r.body());
        // the template's gateway response: the project's error shape, naming the header
        assertEquals("x-api-key", JSON.readTree(r.body()).path("field").asText(), r.body());
        assertTrue(JSON.readTree(r.body()).path("error").asText().contains("API key"), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    @Test
    void theRunningStackThrottlesEachKeyWhenAskedTo() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        // burst 2, one request per 10 s, on a clock the test moves: the third call in a row is throttled
        try (LocalStack stack = LocalStack.start(LocalStackConfig.defaults(TEMPLATE, state).withPorts(0, 0)
                .withSchedules(false, null).withThrottle(new UsagePlanThrottle(0.1, 2, nanos::get))
                .withOut(new PrintStream(log, true, StandardCharsets.UTF_8)))) {
            String write = stack.apiKeys().key(LocalApiKeys.WRITE_KEY).orElseThrow();
            String server = stack.apiKeys().key(LocalApiKeys.SERVER_KEY).orElseThrow();
            assertEquals(ECHOED, call(stack, "POST", "/events", write).statusCode());
            assertEquals(ECHOED, call(stack, "POST", "/events", write).statusCode());
            HttpResponse<String> throttled = call(stack, "POST", "/events", write);
            assertEquals(429, throttled.statusCode(), throttled.body());
            assertTrue(JSON.readTree(throttled.body()).has("error"), throttled.body());
            // each key has its own bucket, as each usage plan key does
            assertEquals(ECHOED, call(stack, "POST", "/rank", server).statusCode());
            nanos.addAndGet(10_000_000_000L);
            assertEquals(ECHOED, call(stack, "POST", "/events", write).statusCode(), "refilled after 10 s");
        }
    }

    @Test
    void eachRouteTakesItsOwnKeyOnly() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (LocalStack stack = start(true, log)) {
            String write = stack.apiKeys().key(LocalApiKeys.WRITE_KEY).orElseThrow();
            String server = stack.apiKeys().key(LocalApiKeys.SERVER_KEY).orElseThrow();
            assertNotEquals(write, server);
            assertTrue(write.length() >= 20, "API Gateway keys are at least 20 characters");

            assertForbidden(call(stack, "POST", "/events", null));
            assertForbidden(call(stack, "POST", "/events", "wrong"));
            assertForbidden(call(stack, "POST", "/events", server));
            assertEquals(ECHOED, call(stack, "POST", "/events", write).statusCode());

            for (String path : List.of("/predict", "/rank")) {
                assertForbidden(call(stack, "POST", path, null));
                assertForbidden(call(stack, "POST", path, write + "x"));
                assertForbidden(call(stack, "POST", path, write));
                assertEquals(ECHOED, call(stack, "POST", path, server).statusCode(), path);
            }
            // a preflight carries no key; an API without key requirements stays open
            assertEquals(ECHOED, call(stack, "OPTIONS", "/events", null).statusCode());
            assertEquals(ECHOED, call(stack, "GET", "/health", null).statusCode());
            // unknown routes keep their 404, whatever the key
            assertEquals(404, call(stack, "POST", "/nothing", null).statusCode());

            assertEquals(write, stack.apiKeyFor("POST", "/events").orElseThrow());
            assertEquals(server, stack.apiKeyFor("POST", "/rank").orElseThrow());
            assertTrue(stack.apiKeyFor("GET", "/health").isEmpty());
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        JsonNode keys = JSON.readTree(state.resolve(LocalApiKeys.FILE).toFile());
        assertFalse(logged.contains(keys.get("write_key").asText()), "keys never reach the log");
        assertFalse(logged.contains(keys.get("server_key").asText()), "keys never reach the log");
    }

    @Test
    void keysSurviveARestartAndStayPrivate() throws Exception {
        String write;
        try (LocalStack stack = start(true, new ByteArrayOutputStream())) {
            write = stack.apiKeys().key(LocalApiKeys.WRITE_KEY).orElseThrow();
        }
        Path file = state.resolve(LocalApiKeys.FILE);
        JsonNode stored = JSON.readTree(file.toFile());
        assertEquals(write, stored.get("write_key").asText());
        assertTrue(stored.hasNonNull("server_key"));
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(file));
        }
        try (LocalStack stack = start(true, new ByteArrayOutputStream())) {
            assertEquals(write, stack.apiKeys().key(LocalApiKeys.WRITE_KEY).orElseThrow());
            assertEquals(ECHOED, call(stack, "POST", "/events", write).statusCode());
        }
    }

    @Test
    void noAuthOpensEveryRoute() throws Exception {
        try (LocalStack stack = start(false, new ByteArrayOutputStream())) {
            assertFalse(stack.apiKeys().enforced());
            assertEquals(ECHOED, call(stack, "POST", "/events", null).statusCode());
            assertEquals(ECHOED, call(stack, "POST", "/predict", "anything").statusCode());
            assertTrue(stack.apiKeyFor("POST", "/events").isEmpty());
        }
        assertFalse(Files.exists(state.resolve(LocalApiKeys.FILE)), "--no-auth makes no keys");
    }

    @Test
    void comparesKeysExactly() {
        LocalApiKeys keys = LocalApiKeys.of(java.util.Map.of("write_key", "abc"));
        assertTrue(keys.admits("write_key", "abc"));
        assertFalse(keys.admits("write_key", "ABC"));
        assertFalse(keys.admits("write_key", "ab"));
        assertFalse(keys.admits("server_key", "abc"));
        assertTrue(keys.admits(null, null), "a route without key requirement");
        assertFalse(keys.toString().contains("abc"), "toString hides the keys");
        assertTrue(LocalApiKeys.disabled().admits("write_key", null));
    }
}
