package dev.propel.bench.serving;

import dev.propel.core.storage.S3ClientFactory;
import java.net.URI;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The cold-start floor, run in a fresh JVM: build the S3 client and GET the model object, nothing else. Prints
 * {@code done <bytes>} when the bytes are in.
 */
public final class ColdStartFloor {
    private ColdStartFloor() {
    }

    /** Arguments: S3 endpoint, bucket, key. */
    public static void main(String[] args) {
        S3Client s3 = S3ClientFactory.forEndpoint(URI.create(args[0]), "us-east-1");
        byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(args[1]).key(args[2])).asByteArray();
        System.out.println("done " + bytes.length);
        System.out.flush();
        System.exit(0);
    }
}
