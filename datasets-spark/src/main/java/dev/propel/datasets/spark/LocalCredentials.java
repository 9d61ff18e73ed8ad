package dev.propel.datasets.spark;

/**
 * The static credentials s3a signs with against a local S3-compatible server: the environment's when set, else
 * the project's local defaults (the embedded server does not check them).
 */
final class LocalCredentials {
    static final String ACCESS_KEY = System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "propel-local");
    static final String SECRET_KEY = System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", "propel-local-secret");

    private LocalCredentials() {
    }
}
