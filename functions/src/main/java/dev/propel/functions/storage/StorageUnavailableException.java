package dev.propel.functions.storage;

/**
 * The event store (S3) did not take a write after the SDK's own retries. The request is answered 503 with
 * {@code Retry-After}: nothing was acknowledged, and resending is safe because {@code event_id} deduplicates.
 */
public final class StorageUnavailableException extends RuntimeException {
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
