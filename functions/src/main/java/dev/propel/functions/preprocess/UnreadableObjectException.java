package dev.propel.functions.preprocess;

/**
 * A raw object that cannot be read as gzip JSON lines at all (bad gzip, truncated, not JSON). Retrying would
 * fail the same way, so the object is quarantined instead of failing the function forever.
 */
public final class UnreadableObjectException extends Exception {
    public UnreadableObjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
