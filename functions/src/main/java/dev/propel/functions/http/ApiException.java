package dev.propel.functions.http;

import java.util.Map;

/**
 * A request the API refuses, with the HTTP status and the JSON error body it becomes
 * ({@code {"error": "...", "field": "..."}}). Thrown by request decoding and domain parsing for caller mistakes;
 * never carries the caller's payload.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String field;
    private final Map<String, String> headers;

    public ApiException(int status, String error, String field) {
        this(status, error, field, Map.of());
    }

    public ApiException(int status, String error, String field, Map<String, String> headers) {
        super(error, null, false, false);
        this.status = status;
        this.field = field;
        this.headers = Map.copyOf(headers);
    }

    public static ApiException badRequest(String error, String field) {
        return new ApiException(400, error, field);
    }

    public static ApiException tooLarge(String error, String field) {
        return new ApiException(413, error, field);
    }

    public static ApiException unsupportedMediaType(String error, String field) {
        return new ApiException(415, error, field);
    }

    public int status() {
        return status;
    }

    /** The request field (body field or header) at fault, or null. */
    public String field() {
        return field;
    }

    /** Extra response headers, e.g. {@code Allow} for a 405. */
    public Map<String, String> headers() {
        return headers;
    }
}
