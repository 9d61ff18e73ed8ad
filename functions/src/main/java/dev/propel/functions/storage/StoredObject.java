package dev.propel.functions.storage;

/**
 * One raw object written to S3.
 *
 * @param key    the object key under {@code raw/}
 * @param events lines in the object
 * @param bytes  compressed size
 */
public record StoredObject(String key, int events, long bytes) {
}
