package dev.propel.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.propel.core.log.JsonLog;
import dev.propel.local.runtime.FunctionRuntime;
import dev.propel.local.runtime.Invocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * API Gateway (REST API, Lambda proxy integration) on 127.0.0.1: each HTTP request becomes the proxy event of
 * the route's function, and the function's {@code APIGatewayProxyResponseEvent} becomes the HTTP response.
 * Unknown paths get 404 and known paths with another method 405, as JSON; a failing function, a malformed
 * response or one over Lambda's 6 MB gets API Gateway's own 502. Before the function runs, like API Gateway: a
 * route whose template requires an API key answers 403 unless {@code x-api-key} holds that route's key
 * ({@link LocalApiKeys}), 429 past the key's throttle, and 413 when the request passes 10 MB or its Lambda event
 * 6 MB (sized with the body base64-encoded, as the template's binary media types make it); these bodies are the template's gateway responses ({@link GatewayErrors}). One local-only page is served
 * besides the template's routes:
 * {@code GET /report}, the latest growth report ({@link LocalReportRoute}).
 */
public final class ApiGatewayEmulator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final RouteTable routes;
    private final Map<String, FunctionRuntime> functions;
    private final ProxyEventBuilder events;
    private final JsonLog log;
    private final LocalReportRoute report;
    private final LocalApiKeys keys;

    private ApiGatewayEmulator(HttpServer server, ExecutorService executor, RouteTable routes,
            Map<String, FunctionRuntime> functions, ProxyEventBuilder events, LocalApiKeys keys, JsonLog log) {
        this.server = server;
        this.keys = keys;
        this.executor = executor;
        this.routes = routes;
        this.functions = functions;
        this.events = events;
        this.log = log;
        this.report = LocalReportRoute.of(functions).orElse(null);
    }

    /**
     * Starts the emulator on 127.0.0.1:{@code port} (0 for an ephemeral port).
     *
     * @param functions the template's functions by logical id
     */
    public static ApiGatewayEmulator start(int port, RouteTable routes, Map<String, FunctionRuntime> functions,
            String accountId, JsonLog log) throws IOException {
        return start(port, routes, functions, accountId, LocalApiKeys.disabled(), log);
    }

    /**
     * Starts the emulator on 127.0.0.1:{@code port} (0 for an ephemeral port), checking API keys like API Gateway.
     *
     * @param functions the template's functions by logical id
     * @param keys      the keys routes that require one are checked against
     */
    public static ApiGatewayEmulator start(int port, RouteTable routes, Map<String, FunctionRuntime> functions,
            String accountId, LocalApiKeys keys, JsonLog log) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "api-gateway");
            t.setDaemon(true);
            return t;
        });
        ApiGatewayEmulator api = new ApiGatewayEmulator(server, executor, routes, Map.copyOf(functions),
                new ProxyEventBuilder("Prod", accountId, "local"), keys, log);
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    /** The keys this emulator checks. */
    public LocalApiKeys keys() {
        return keys;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:3000}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            String decodedPath = exchange.getRequestURI().getPath();
            RouteTable.Match match = routes.match(method, decodedPath);
            if (!match.found() && report != null && LocalReportRoute.matches(method, decodedPath)) {
                readAll(exchange.getRequestBody());
                report.serve(exchange);
                return;
            }
            if (!match.found()) {
                byte[] body = readAll(exchange.getRequestBody());
                if (match.allowedMethods().isEmpty()) {
                    sendError(exchange, 404, "no route for " + method + " " + path, "path");
                } else {
                    exchange.getResponseHeaders().add("Allow", String.join(", ", match.allowedMethods()));
                    sendError(exchange, 405, "method " + method + " not allowed on " + path
                            + " (allowed: " + String.join(", ", match.allowedMethods()) + ")", "httpMethod");
                }
                return;
            }
            byte[] body = readAtMost(exchange.getRequestBody(), GatewayErrors.MAX_REQUEST_BYTES);
            if (body == null) {
                sendGatewayError(exchange, GatewayErrors.REQUEST_TOO_LARGE);
                return;
            }
            String keyName = match.route().event().apiKey();
            if (!keys.admits(keyName, exchange.getRequestHeaders().getFirst("x-api-key"))) {
                // API Gateway's own answer to a missing or unknown key: no function runs, nothing says which
                sendGatewayError(exchange, GatewayErrors.INVALID_API_KEY);
                return;
            }
            if (!keys.withinThrottle(keyName)) {
                sendGatewayError(exchange, GatewayErrors.THROTTLED);
                return;
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
            String host = ProxyEventBuilder.first(headers, "Host");
            ProxyEventBuilder.HttpRequest request = new ProxyEventBuilder.HttpRequest(method, decodedPath,
                    exchange.getRequestURI().getRawQuery(), headers, body,
                    exchange.getRemoteAddress().getAddress().getHostAddress(), exchange.getProtocol(),
                    host == null ? "127.0.0.1" : host);
            ObjectNode event = events.build(request, match.route().event(), match.pathParameters(), Instant.now());
            FunctionRuntime function = functions.get(match.route().functionId());
            byte[] payload = JSON.writeValueAsBytes(event);
            // Sized as on AWS, where the template's binary media types (*/*) base64-encode every body: Lambda
            // refuses an event over 6 MB, which about 4.5 MiB of raw body already makes.
            long base64Body = 4L * ((body.length + 2) / 3);
            long eventOnAws = payload.length + (event.path("isBase64Encoded").asBoolean() ? 0
                    : Math.max(0, base64Body - body.length));
            if (eventOnAws > GatewayErrors.MAX_LAMBDA_PAYLOAD_BYTES) {
                sendGatewayError(exchange, GatewayErrors.REQUEST_TOO_LARGE);
                return;
            }
            Invocation result = function.invoke(payload);
            respond(exchange, result, match.route().functionId());
        } catch (RuntimeException e) {
            log.error("api gateway emulator failed").with("error_type", e.getClass().getName())
                    .with("error", e.getMessage()).log();
            sendError(exchange, 500, "local API emulator error: " + e.getMessage(), null);
        }
    }

    private void respond(HttpExchange exchange, Invocation result, String functionId) throws IOException {
        if (result.failed()) {
            sendGatewayError(exchange, GatewayErrors.INTERNAL);
            return;
        }
        if (result.payload().length > GatewayErrors.MAX_LAMBDA_PAYLOAD_BYTES) {
            log.error("Lambda response over 6 MB").with("target", functionId)
                    .with("request_id", result.requestId()).with("bytes", result.payload().length).log();
            sendGatewayError(exchange, GatewayErrors.INTERNAL);
            return;
        }
        JsonNode response;
        try {
            response = JSON.readTree(result.payload());
        } catch (IOException e) {
            response = null;
        }
        if (response == null || !response.isObject() || !response.path("statusCode").canConvertToInt()) {
            log.error("malformed Lambda proxy response").with("target", functionId)
                    .with("request_id", result.requestId()).log();
            sendGatewayError(exchange, GatewayErrors.INTERNAL);
            return;
        }
        Headers out = exchange.getResponseHeaders();
        response.path("multiValueHeaders").fields().forEachRemaining(h -> h.getValue()
                .forEach(v -> out.add(h.getKey(), v.asText())));
        response.path("headers").fields().forEachRemaining(h -> out.set(h.getKey(), h.getValue().asText()));
        if (!out.containsKey("Content-Type")) {
            out.set("Content-Type", "application/json");
        }
        JsonNode bodyNode = response.get("body");
        byte[] body;
        if (bodyNode == null || bodyNode.isNull()) {
            body = new byte[0];
        } else if (response.path("isBase64Encoded").asBoolean(false)) {
            body = Base64.getDecoder().decode(bodyNode.asText());
        } else {
            body = bodyNode.asText().getBytes(StandardCharsets.UTF_8);
        }
        send(exchange, response.get("statusCode").asInt(), null, body);
    }

    private static Headers jsonHeaders() {
        Headers h = new Headers();
        h.set("Content-Type", "application/json");
        return h;
    }

    private static void sendGatewayError(HttpExchange exchange, GatewayErrors.GatewayError error)
            throws IOException {
        Headers headers = jsonHeaders();
        GatewayErrors.headers(error).forEach(headers::set);
        send(exchange, error.status(), headers, error.bytes());
    }

    private static void sendError(HttpExchange exchange, int status, String message, String field)
            throws IOException {
        ObjectNode error = JSON.createObjectNode();
        error.put("error", message);
        if (field != null) {
            error.put("field", field);
        }
        send(exchange, status, jsonHeaders(), JSON.writeValueAsBytes(error));
    }

    private static void send(HttpExchange exchange, int status, Headers extra, byte[] body) throws IOException {
        if (extra != null) {
            extra.forEach((k, v) -> exchange.getResponseHeaders().put(k, v));
        }
        boolean noBody = body.length == 0 || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        }
    }

    /** The body, or null when it is longer than {@code max} (the rest is drained so the connection stays usable). */
    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length <= max) {
                return bytes;
            }
            in.transferTo(OutputStream.nullOutputStream());
            return null;
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        if (report != null) {
            report.close();
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
