package dev.propel.functions.logging;

import com.amazonaws.services.lambda.runtime.Context;
import dev.propel.core.log.JsonLog;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.logging.internal.PowertoolsLoggedFields;

/**
 * Chooses where a function logs and scopes each invocation for Powertools Logging. Inside Lambda
 * ({@code LAMBDA_TASK_ROOT} set) lines go through {@link PowertoolsLogSink}; elsewhere (local stack, tests, benchmarks,
 * which run several functions in one JVM) they stay {@code JsonLog}'s JSON lines on standard output.
 */
public final class LambdaLogging {
    private LambdaLogging() {
    }

    /** The log of {@code function}: Powertools inside Lambda, JSON lines on standard output elsewhere. */
    public static JsonLog forFunction(String function) {
        return forFunction(function, System.getenv());
    }

    static JsonLog forFunction(String function, Map<String, String> env) {
        String taskRoot = env.get("LAMBDA_TASK_ROOT");
        return taskRoot != null && !taskRoot.isBlank() ? powertools(function) : JsonLog.stdout(function);
    }

    /** A log writing through Powertools Logging whatever the environment (tests of the Lambda set-up). */
    public static JsonLog powertools(String function) {
        return new JsonLog(function, new PowertoolsLogSink(function));
    }

    /**
     * Runs one invocation of an API function: with a Powertools log, inside Powertools' logging scope (Lambda
     * context fields, cold start, {@code correlationId} (API Gateway's request id) as correlation id, sampling
     * from {@code POWERTOOLS_LOGGER_SAMPLE_RATE}), cleared afterwards; otherwise just runs it.
     */
    public static <T> T aroundApi(JsonLog log, Context context, String correlationId, Supplier<T> invocation) {
        if (!(log.sink() instanceof PowertoolsLogSink) || context == null) {
            return invocation.get();
        }
        if (correlationId == null || correlationId.isBlank()) {
            return PowertoolsLogging.withLogging(context, invocation);
        }
        return PowertoolsLogging.withLogging(context, () -> {
            // the API pipeline already holds API Gateway's request id: put it where Powertools' correlation id path
            // would (its MDC key, cleared with the scope) instead of converting the whole event to a JSON tree and
            // compiling a JMESPath expression on every invocation, which is what withLogging(context, path, event)
            // does
            MDC.put(PowertoolsLoggedFields.CORRELATION_ID.getName(), correlationId);
            return invocation.get();
        });
    }

    /** Runs one invocation of a scheduled or S3-triggered function, as {@link #aroundApi} without a correlation id. */
    public static <T> T around(JsonLog log, Context context, Supplier<T> invocation) {
        return aroundApi(log, context, null, invocation);
    }
}
