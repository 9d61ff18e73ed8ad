package dev.propel.local.runtime;

import java.nio.charset.StandardCharsets;

/**
 * The outcome of one invocation: the response JSON, or the Lambda error document
 * ({@code {"errorMessage", "errorType", "stackTrace"}}) when the handler threw.
 */
public record Invocation(String requestId, byte[] payload, boolean failed, boolean coldStart, double durationMs) {
    /** The response (or error document) as text. */
    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
