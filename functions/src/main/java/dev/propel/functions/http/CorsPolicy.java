package dev.propel.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CORS of {@code POST /events} for the origins the deployer lists ({@value #ENV}, comma-separated; {@code *} for
 * any): the answer names the caller's origin only when it is listed, so other sites' pages cannot post with a
 * leaked write key from their visitors' browsers. Answered by the function because API Gateway's own CORS mock
 * can return one fixed origin only.
 *
 * @param origins the allowed origins, exactly as browsers send them ({@code https://shop.example.com})
 */
public record CorsPolicy(Set<String> origins) {
    /** The environment variable listing the allowed origins. */
    public static final String ENV = "PROPEL_ALLOWED_ORIGINS";
    /** How long browsers may cache a preflight (Chrome caps it at 7200 s). */
    static final String MAX_AGE_SECONDS = "7200";

    public CorsPolicy {
        origins = Set.copyOf(origins);
    }

    /** No browser origin is allowed (servers, which send no {@code Origin}, are unaffected). */
    public static CorsPolicy none() {
        return new CorsPolicy(Set.of());
    }

    /** The origins of {@value #ENV}; trailing slashes are dropped, as browsers never send them. */
    public static CorsPolicy fromEnvironment(Map<String, String> env) {
        String list = env.getOrDefault(ENV, "");
        return new CorsPolicy(Arrays.stream(list.split(","))
                .map(String::trim).map(o -> o.replaceAll("/+$", "")).filter(o -> !o.isEmpty())
                .collect(Collectors.toSet()));
    }

    /** Whether a page of {@code origin} may call. */
    public boolean allows(String origin) {
        return origin != null && (origins.contains("*") || origins.contains(origin));
    }

    /** The headers of an actual (non-preflight) answer to {@code origin}: none when it is not allowed. */
    public Map<String, String> headers(String origin) {
        if (!allows(origin)) {
            return Map.of();
        }
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Access-Control-Allow-Origin", origins.contains("*") ? "*" : origin);
        // caches must not hand one origin's answer to another
        h.put("Vary", "Origin");
        return h;
    }

    /** The answer to a preflight {@code OPTIONS}: 204 with the CORS headers, or 403 for an unlisted origin. */
    public APIGatewayProxyResponseEvent preflight(String origin) {
        if (!allows(origin)) {
            return ApiResponses.error(403, "origin not allowed: list it in the AllowedOrigins parameter", "Origin",
                    Map.of("Vary", "Origin"));
        }
        Map<String, String> h = new LinkedHashMap<>(headers(origin));
        h.put("Access-Control-Allow-Methods", "POST, OPTIONS");
        h.put("Access-Control-Allow-Headers", "Content-Type, Content-Encoding, X-Api-Key");
        h.put("Access-Control-Max-Age", MAX_AGE_SECONDS);
        return new APIGatewayProxyResponseEvent().withStatusCode(204).withHeaders(h).withIsBase64Encoded(false);
    }
}
