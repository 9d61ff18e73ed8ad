package dev.propel.core.storage;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Builds the one {@link S3Client} configuration Propel uses everywhere: the URL-connection HTTP client (fast to
 * load), and, when {@code PROPEL_S3_ENDPOINT} is set, an endpoint override with path-style access for the
 * embedded or any other S3-compatible server.
 */
public final class S3ClientFactory {
    /** Environment variable naming an S3-compatible endpoint (local stack, tests). Unset on AWS. */
    public static final String ENDPOINT_ENV = "PROPEL_S3_ENDPOINT";
    /** Environment variable naming the bucket all functions read and write. */
    public static final String BUCKET_ENV = "PROPEL_BUCKET";

    private S3ClientFactory() {
    }

    /** A client configured from the given environment (pass {@code System.getenv()} in production). */
    public static S3Client fromEnvironment(Map<String, String> env) {
        String endpoint = env.get(ENDPOINT_ENV);
        if (endpoint != null && !endpoint.isBlank()) {
            return forEndpoint(URI.create(endpoint), env.getOrDefault("AWS_REGION", "us-east-1"));
        }
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(env.getOrDefault("AWS_REGION", "us-east-1")))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .build();
    }

    /**
     * A client for an S3-compatible endpoint with path-style access. Credentials come from the environment when
     * present (real S3, MinIO), else a fixed local pair that the embedded server accepts.
     */
    public static S3Client forEndpoint(URI endpoint, String region) {
        String key = System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "propel-local");
        String secret = System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", "propel-local-secret");
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }
}
