package dev.propel.functions.model;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The cheap "has it changed?" check of hot reload: one HEAD request for an object's ETag. */
public final class ObjectETag {
    private ObjectETag() {
    }

    /** The object's ETag, or null when it does not exist (HEAD answers a bare 404, not NoSuchKey). */
    public static String head(S3Client s3, String bucket, String key) {
        try {
            return s3.headObject(b -> b.bucket(bucket).key(key)).eTag();
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }
}
