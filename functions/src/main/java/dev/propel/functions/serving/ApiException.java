package dev.propel.functions.serving;

/**
 * A request the API refuses, with the HTTP status and the field at fault: answered as
 * {@code {"error": "...", "field": "..."}}, never as a 500.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String field;

    public ApiException(int status, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    /** A 400 naming the field the caller got wrong. */
    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, message, field);
    }

    public int status() {
        return status;
    }

    /** The request field at fault, or null when the error is about the request as a whole. */
    public String field() {
        return field;
    }
}
