package dev.propel.local.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.propel.local.template.ApiEvent;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the API Gateway REST (v1) proxy integration event for one HTTP request: the JSON document that
 * {@code APIGatewayProxyRequestEvent} is deserialised from on AWS.
 */
public final class ProxyEventBuilder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final String stage;
    private final String accountId;
    private final String apiId;

    public ProxyEventBuilder(String stage, String accountId, String apiId) {
        this.stage = stage;
        this.accountId = accountId;
        this.apiId = apiId;
    }

    /** What the emulator read from the HTTP exchange. */
    public record HttpRequest(String method, String path, String rawQuery, Map<String, List<String>> headers,
            byte[] body, String sourceIp, String protocol, String host) {
    }

    /**
     * The proxy event for a request matched to a route: the body base64-encoded when the route's API has a binary
     * media type for it (this template's {@code *}{@code /*}: every body), as API Gateway sends it.
     */
    public ObjectNode build(HttpRequest request, ApiEvent route, Map<String, String> pathParameters,
            Instant now) {
        String resource = route.path();
        ObjectNode e = NODES.objectNode();
        e.put("resource", resource);
        e.put("path", request.path());
        e.put("httpMethod", request.method());
        ObjectNode headers = e.putObject("headers");
        ObjectNode multiHeaders = e.putObject("multiValueHeaders");
        for (Map.Entry<String, List<String>> h : request.headers().entrySet()) {
            List<String> values = h.getValue();
            if (values.isEmpty()) {
                continue;
            }
            headers.put(h.getKey(), values.get(values.size() - 1));
            values.forEach(multiHeaders.putArray(h.getKey())::add);
        }
        Map<String, List<String>> query = parseQuery(request.rawQuery());
        if (query.isEmpty()) {
            e.putNull("queryStringParameters");
            e.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode single = e.putObject("queryStringParameters");
            ObjectNode multi = e.putObject("multiValueQueryStringParameters");
            query.forEach((k, v) -> {
                single.put(k, v.get(v.size() - 1));
                v.forEach(multi.putArray(k)::add);
            });
        }
        if (pathParameters.isEmpty()) {
            e.putNull("pathParameters");
        } else {
            ObjectNode params = e.putObject("pathParameters");
            pathParameters.forEach(params::put);
        }
        e.putNull("stageVariables");
        ObjectNode ctx = e.putObject("requestContext");
        ctx.put("accountId", accountId);
        ctx.put("apiId", apiId);
        ctx.put("resourceId", Integer.toHexString(resource.hashCode()));
        ctx.put("resourcePath", resource);
        ctx.put("httpMethod", request.method());
        ctx.put("path", "/" + stage + request.path());
        ctx.put("stage", stage);
        ctx.put("requestId", UUID.randomUUID().toString());
        ctx.put("extendedRequestId", UUID.randomUUID().toString());
        ctx.put("requestTime", REQUEST_TIME.format(now));
        ctx.put("requestTimeEpoch", now.toEpochMilli());
        ctx.put("protocol", request.protocol());
        ctx.put("domainName", request.host());
        ObjectNode identity = ctx.putObject("identity");
        identity.put("sourceIp", request.sourceIp());
        String userAgent = first(request.headers(), "User-Agent");
        if (userAgent != null) {
            identity.put("userAgent", userAgent);
        }
        byte[] body = request.body();
        if (body == null || body.length == 0) {
            e.putNull("body");
            e.put("isBase64Encoded", false);
        } else if (route.binaryBody(first(request.headers(), "Content-Type")) || isBinary(request.headers(), body)) {
            e.put("body", Base64.getEncoder().encodeToString(body));
            e.put("isBase64Encoded", true);
        } else {
            e.put("body", new String(body, StandardCharsets.UTF_8));
            e.put("isBase64Encoded", false);
        }
        return e;
    }

    /**
     * Whether API Gateway would pass the body base64-encoded: compressed ({@code Content-Encoding}), a non-text
     * media type, or bytes that are not UTF-8.
     */
    static boolean isBinary(Map<String, List<String>> headers, byte[] body) {
        String encoding = first(headers, "Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.equalsIgnoreCase("identity")) {
            return true;
        }
        String type = first(headers, "Content-Type");
        if (type != null) {
            String t = type.toLowerCase(Locale.ROOT);
            boolean text = t.startsWith("text/") || t.contains("json") || t.contains("xml")
                    || t.startsWith("application/x-www-form-urlencoded") || t.startsWith("application/javascript");
            if (!text) {
                return true;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return false;
        } catch (CharacterCodingException e) {
            return true;
        }
    }

    static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
                return h.getValue().get(0);
            }
        }
        return null;
    }

    static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }
}
