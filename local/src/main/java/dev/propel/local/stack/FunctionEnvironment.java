package dev.propel.local.stack;

import dev.propel.core.storage.S3ClientFactory;
import dev.propel.local.template.FunctionDefinition;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment a function gets on the local stack: the template's variables, then what Lambda itself sets
 * ({@code AWS_REGION}, {@code AWS_LAMBDA_FUNCTION_NAME}, ...), then the local stack's {@code PROPEL_BUCKET} and
 * {@code PROPEL_S3_ENDPOINT}, then the user's {@code --env} overrides.
 */
public final class FunctionEnvironment {
    private FunctionEnvironment() {
    }

    public static Map<String, String> of(FunctionDefinition f, String bucket, String s3Endpoint, String region,
            Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>(f.environment());
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_LAMBDA_FUNCTION_NAME", f.logicalId());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(f.memoryMb()));
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + (f.runtime() == null ? "java21" : f.runtime()));
        env.put("PROPEL_LOCAL", "true");
        env.put(S3ClientFactory.BUCKET_ENV, bucket);
        if (s3Endpoint != null) {
            env.put(S3ClientFactory.ENDPOINT_ENV, s3Endpoint);
        }
        env.putAll(overrides);
        return env;
    }
}
