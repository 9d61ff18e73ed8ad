package dev.propel.functions.tracing;

import java.util.Map;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The functions' X-Ray seam: subsegments around model inference (injected where inference runs), around every S3
 * call through {@link AwsCallTracingInterceptor}. Active only inside Lambda with tracing on ({@value #TASK_ROOT_ENV}
 * and {@value #DAEMON_ENV} set); elsewhere (the local stack, tests, benchmarks) every call is a no-op that never
 * touches the X-Ray SDK, so nothing is loaded, sent or logged.
 */
public final class Tracing {
    /** Set by Lambda in every function's environment. */
    public static final String TASK_ROOT_ENV = "LAMBDA_TASK_ROOT";
    /** Set by Lambda where the X-Ray daemon listens (with {@code Tracing: Active}). */
    public static final String DAEMON_ENV = "AWS_XRAY_DAEMON_ADDRESS";
    /** Where the Java runtime puts each invocation's X-Ray trace header ({@code Root=…;Parent=…;Sampled=0|1}). */
    public static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";

    private static final TraceSpan NO_SPAN = () -> { };
    private static final Tracing OFF = new Tracing(null);
    // decided once per container from the process environment, like Lambda's own tracing configuration: the
    // handlers' cold-start wiring passes it to the code it builds
    private static final Tracing LAMBDA = fromEnvironment(System.getenv());

    // null when off, so the X-Ray classes are never loaded outside a traced Lambda function
    private final XRaySpans xray;

    private Tracing(XRaySpans xray) {
        this.xray = xray;
    }

    /** Tracing as this process's environment says: active in a traced Lambda function, off anywhere else. */
    public static Tracing lambda() {
        return LAMBDA;
    }

    /**
     * Tracing for an explicit environment: active when it names a task root and a daemon address, then recording
     * as the X-Ray SDK does inside Lambda (the invocation's segment from the trace header the runtime passes,
     * subsegments sent over UDP to that daemon address).
     */
    public static Tracing fromEnvironment(Map<String, String> env) {
        return present(env, TASK_ROOT_ENV) && present(env, DAEMON_ENV)
                ? new Tracing(new XRaySpans(env.get(DAEMON_ENV).trim())) : OFF;
    }

    /** No tracing. */
    public static Tracing off() {
        return OFF;
    }

    /** Whether subsegments are recorded. */
    public boolean active() {
        return xray != null;
    }

    /**
     * Opens a subsegment named {@code name} of the invocation's segment; close it (try-with-resources) when the
     * traced work is done. A no-op when tracing is off or the invocation is not sampled.
     */
    public TraceSpan begin(String name) {
        return xray == null ? NO_SPAN : xray.begin(name);
    }

    /** X-Ray's AWS SDK interceptor recording through this tracing's recorder; null when off. */
    ExecutionInterceptor awsCallInterceptor() {
        return xray == null ? null : xray.awsCallInterceptor();
    }

    private static boolean present(Map<String, String> env, String key) {
        String v = env.get(key);
        return v != null && !v.isBlank();
    }
}
