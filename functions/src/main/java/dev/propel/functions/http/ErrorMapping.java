package dev.propel.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.propel.functions.model.ModelUnavailableException;
import dev.propel.functions.storage.StorageUnavailableException;
import java.util.Map;

/**
 * The one mapping from what an API route threw to its HTTP answer, all {@code {"error", "field"}} JSON: a caller
 * mistake is its own 4xx, storage or a model that is not there yet a 503 with {@code Retry-After}, and anything
 * else (a bug) a 500 that names nothing internal.
 */
public final class ErrorMapping {
    /** Seconds to wait after storage refused a write: S3 hiccups pass in seconds. */
    public static final String STORAGE_RETRY_AFTER_SECONDS = "2";
    /** Seconds to wait when no model is available: a model is published minutes apart, not seconds. */
    public static final String MODEL_RETRY_AFTER_SECONDS = "30";

    private ErrorMapping() {
    }

    /**
     * An error answer and what the log line says about it.
     *
     * @param response the answer
     * @param field    the request field at fault, or null
     * @param cause    for a 5xx, what failed (a message of ours or an exception class name; never the payload)
     */
    public record Mapped(APIGatewayProxyResponseEvent response, String field, String cause) {
    }

    /** Maps what a route threw. */
    public static Mapped map(RuntimeException e) {
        if (e instanceof ApiException api) {
            return new Mapped(ApiResponses.error(api), api.field(), null);
        }
        if (e instanceof ModelUnavailableException) {
            return new Mapped(ApiResponses.error(503, e.getMessage(), "model",
                    Map.of("Retry-After", MODEL_RETRY_AFTER_SECONDS)), "model", e.getMessage());
        }
        if (e instanceof StorageUnavailableException) {
            return new Mapped(ApiResponses.error(503, "storage unavailable, nothing was stored; retry later", null,
                    Map.of("Retry-After", STORAGE_RETRY_AFTER_SECONDS)), null, e.getMessage());
        }
        // a bug, never a caller mistake: the class name goes to the log only (a message may quote the payload)
        return new Mapped(ApiResponses.error(500, "internal error", null, Map.of()), null, e.getClass().getName());
    }
}
