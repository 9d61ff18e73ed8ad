package dev.propel.s3.embedded;

/** An object that was just written to the embedded S3 (by any client), as S3 would announce it. */
public record ObjectCreated(String bucket, String key, long size, String eTag, String eventName) {
}
