package dev.propel.core.storage;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
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
    /** Environment variable: the longest an S3 call may take, retries included, in milliseconds. */
    public static final String CALL_TIMEOUT_ENV = "PROPEL_S3_CALL_TIMEOUT_MS";
    /** Environment variable: the longest one attempt of an S3 call may take, in milliseconds. */
    public static final String ATTEMPT_TIMEOUT_ENV = "PROPEL_S3_ATTEMPT_TIMEOUT_MS";
    /**
     * Defaults sized for the API functions: a stalled S3 must end in a 503 with {@code Retry-After} well before
     * API Gateway's 29 s integration timeout; the batch functions set longer ones in the template.
     */
    static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(9);
    static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(4);

    private S3ClientFactory() {
    }

    /** The bucket the environment names; a function without one cannot start, so this fails loudly. */
    public static String bucket(Map<String, String> env) {
        String bucket = env.get(BUCKET_ENV);
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalStateException(BUCKET_ENV + " is not set");
        }
        return bucket;
    }

    /** A client configured from the given environment (pass {@code System.getenv()} in production). */
    public static S3Client fromEnvironment(Map<String, String> env) {
        String endpoint = env.get(ENDPOINT_ENV);
        ClientOverrideConfiguration timeouts = timeouts(env);
        if (endpoint != null && !endpoint.isBlank()) {
            return forEndpoint(URI.create(endpoint), env.getOrDefault("AWS_REGION", "us-east-1"), timeouts);
        }
        return S3Client.builder()
                .httpClientBuilder(connections(timeouts))
                .overrideConfiguration(timeouts)
                .region(Region.of(env.getOrDefault("AWS_REGION", "us-east-1")))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .build();
    }

    /**
     * A client for an S3-compatible endpoint with path-style access. Credentials come from the environment when
     * present (real S3, MinIO), else a fixed local pair that the embedded server accepts.
     */
    public static S3Client forEndpoint(URI endpoint, String region) {
        return forEndpoint(endpoint, region, ClientOverrideConfiguration.builder().build());
    }

    /** The call and attempt timeouts the environment asks for (defaults for the API functions). */
    static ClientOverrideConfiguration timeouts(Map<String, String> env) {
        return ClientOverrideConfiguration.builder()
                .apiCallTimeout(millis(env, CALL_TIMEOUT_ENV, DEFAULT_CALL_TIMEOUT))
                .apiCallAttemptTimeout(millis(env, ATTEMPT_TIMEOUT_ENV, DEFAULT_ATTEMPT_TIMEOUT))
                .build();
    }

    private static Duration millis(Map<String, String> env, String name, Duration fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long ms = Long.parseLong(v.trim());
            if (ms <= 0) {
                throw new IllegalStateException(name + " must be a positive number of milliseconds, got " + v);
            }
            return Duration.ofMillis(ms);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number of milliseconds, got " + v, e);
        }
    }

    /** The HTTP client: connecting and waiting for bytes never outlast one attempt. */
    private static UrlConnectionHttpClient.Builder connections(ClientOverrideConfiguration timeouts) {
        UrlConnectionHttpClient.Builder b = UrlConnectionHttpClient.builder();
        timeouts.apiCallAttemptTimeout().ifPresent(t -> b.connectionTimeout(t).socketTimeout(t));
        return b;
    }

    private static S3Client forEndpoint(URI endpoint, String region, ClientOverrideConfiguration timeouts) {
        String key = System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "propel-local");
        String secret = System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", "propel-local-secret");
        return S3Client.builder()
                .httpClientBuilder(connections(timeouts))
                .overrideConfiguration(timeouts)
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }
}
