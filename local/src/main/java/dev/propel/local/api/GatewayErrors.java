package dev.propel.local.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The answers API Gateway gives itself, without running a function, and the payload limits behind some of them,
 * as the template's {@code Globals.Api.GatewayResponses} configure them: the project's {@code {"error", "field"}}
 * shape. A test compares these bodies with the template's, so the local stack and AWS answer alike.
 */
public final class GatewayErrors {
    /** API Gateway's limit on a request (REST API payload). */
    public static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;
    /**
     * Lambda's limit on a synchronous invocation's event and its response. The event carries the body base64
     * encoded (the template's binary media types), so about 4.5 MiB of raw body already exceeds it.
     */
    public static final int MAX_LAMBDA_PAYLOAD_BYTES = 6 * 1024 * 1024;

    /** A gateway response: its type in the template, status and body. */
    public record GatewayError(String type, int status, String body) {
        /** The body as UTF-8 bytes. */
        public byte[] bytes() {
            return body.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** No key, or not the key of this route's API. */
    public static final GatewayError INVALID_API_KEY = new GatewayError("INVALID_API_KEY", 403,
            "{\"error\": \"missing or unknown API key\", \"field\": \"x-api-key\"}");
    /** The key's or the stage's throttle refused the request. */
    public static final GatewayError THROTTLED = new GatewayError("THROTTLED", 429,
            "{\"error\": \"too many requests; retry after a second\"}");
    /** The request, or the Lambda event made of it, is over its limit. */
    public static final GatewayError REQUEST_TOO_LARGE = new GatewayError("REQUEST_TOO_LARGE", 413,
            "{\"error\": \"request is larger than the API accepts\"}");
    /** The function failed, answered malformed, or answered over Lambda's limit (API Gateway's 502). */
    public static final GatewayError INTERNAL = new GatewayError("DEFAULT_5XX", 502,
            "{\"error\": \"internal error; retry later\"}");

    /** Extra headers of a gateway response (the template's ResponseParameters). */
    public static Map<String, String> headers(GatewayError error) {
        return error == THROTTLED ? Map.of("Retry-After", "1") : Map.of();
    }

    private GatewayErrors() {
    }
}
