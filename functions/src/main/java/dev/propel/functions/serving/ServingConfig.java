package dev.propel.functions.serving;

import dev.propel.core.storage.S3ClientFactory;
import dev.propel.functions.model.OrtRuntime;
import java.time.Duration;
import java.util.Map;

/**
 * The serving functions' settings, read from their environment.
 *
 * @param bucket         {@code PROPEL_BUCKET}: the bucket holding models, stats, config and raw events
 * @param refresh        {@code PROPEL_MODEL_REFRESH_SECONDS} (default 60): how often manifests, item stats and the
 *                       policy are checked for a newer version
 * @param intraOpThreads {@code PROPEL_ORT_INTRA_OP_THREADS} (default 1): ONNX Runtime threads per inference
 */
public record ServingConfig(String bucket, Duration refresh, int intraOpThreads) {
    public static final String REFRESH_ENV = "PROPEL_MODEL_REFRESH_SECONDS";
    public static final String INTRA_OP_THREADS_ENV = "PROPEL_ORT_INTRA_OP_THREADS";
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(60);

    /**
     * Reads the settings.
     *
     * @throws IllegalStateException naming the variable that is missing or malformed
     */
    public static ServingConfig fromEnvironment(Map<String, String> env) {
        String bucket = S3ClientFactory.bucket(env);
        long refresh = positive(env, REFRESH_ENV, DEFAULT_REFRESH.toSeconds());
        int threads = (int) positive(env, INTRA_OP_THREADS_ENV, OrtRuntime.DEFAULT_INTRA_OP_THREADS);
        return new ServingConfig(bucket, Duration.ofSeconds(refresh), threads);
    }

    private static long positive(Map<String, String> env, String name, long dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a non-negative integer, is '" + v + "'");
        }
    }
}
