package dev.propel.functions.tracing;

import java.util.Map;

/**
 * The functions' X-Ray seam: subsegments around model inference here, around every S3 call through
 * {@link AwsCallTracingInterceptor}. Active only inside Lambda with tracing on ({@value #TASK_ROOT_ENV} and
 * {@value #DAEMON_ENV} set); elsewhere (the local stack, tests, benchmarks) every call is a no-op that never touches
 * the X-Ray SDK, so nothing is loaded, sent or logged.
 */
public final class Tracing {
    /** Set by Lambda in every function's environment. */
    public static final String TASK_ROOT_ENV = "LAMBDA_TASK_ROOT";
    /** Set by Lambda where the X-Ray daemon listens (with {@code Tracing: Active}). */
    public static final String DAEMON_ENV = "AWS_XRAY_DAEMON_ADDRESS";

    private static final TraceSpan NO_SPAN = () -> { };
    // decided once per container from the process environment, like Lambda's own tracing configuration
    private static final Tracing LAMBDA = fromEnvironment(System.getenv());

    private final boolean active;

    private Tracing(boolean active) {
        this.active = active;
    }

    /** Tracing as this process's environment says: active in a traced Lambda function, off anywhere else. */
    public static Tracing lambda() {
        return LAMBDA;
    }

    /** Tracing for an explicit environment. */
    public static Tracing fromEnvironment(Map<String, String> env) {
        return new Tracing(present(env, TASK_ROOT_ENV) && present(env, DAEMON_ENV));
    }

    /** No tracing. */
    public static Tracing off() {
        return new Tracing(false);
    }

    /** Whether subsegments are recorded. */
    public boolean active() {
        return active;
    }

    /**
     * Opens a subsegment named {@code name} of the invocation's segment; close it (try-with-resources) when the
     * traced work is done. A no-op when tracing is off.
     */
    public TraceSpan begin(String name) {
        return active ? XRaySpans.begin(name) : NO_SPAN;
    }

    private static boolean present(Map<String, String> env, String key) {
        String v = env.get(key);
        return v != null && !v.isBlank();
    }
}
