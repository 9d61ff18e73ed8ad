package dev.propel.functions.tracing;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.config.DaemonConfiguration;
import com.amazonaws.xray.contexts.LambdaSegmentContext;
import com.amazonaws.xray.contexts.SegmentContextResolverChain;
import com.amazonaws.xray.emitters.UDPEmitter;
import com.amazonaws.xray.interceptors.TracingInterceptor;
import java.net.SocketException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The only class that calls the X-Ray SDK, loaded only when {@link Tracing} is active. Its recorder works as the
 * SDK does inside Lambda: each invocation's segment is a facade built from the trace header the runtime passes
 * ({@code _X_AMZN_TRACE_ID} when set, else the Java runtime's system property {@code com.amazonaws.xray.traceHeader};
 * sampled or not, Lambda decides), and only our subsegments of a sampled invocation are begun and sent, over UDP, to
 * the daemon address.
 */
final class XRaySpans {
    // where the Lambda runtime may put the trace header; the SDK (2.18) reads it before the system property
    private static final String LAMBDA_TRACE_HEADER_ENV = "_X_AMZN_TRACE_ID";
    private static final TraceSpan NOT_SAMPLED = () -> { };
    private final AWSXRayRecorder recorder;
    private final TraceSpan end;
    // the process environment cannot change: read once what the SDK's Lambda context reads first on every call
    private final String environmentTraceHeader;

    XRaySpans(String daemonAddress) {
        this.environmentTraceHeader = System.getenv(LAMBDA_TRACE_HEADER_ENV);
        SegmentContextResolverChain lambdaOnly = new SegmentContextResolverChain();
        // active means Lambda runs us: always the Lambda context (the SDK's own chain looks at LAMBDA_TASK_ROOT,
        // which says the same inside Lambda and lets tests and benchmarks take the Lambda path)
        lambdaOnly.addResolver(LambdaSegmentContext::new);
        DaemonConfiguration daemon = new DaemonConfiguration();
        daemon.setUDPAndTCPAddress(daemonAddress);
        try {
            this.recorder = AWSXRayRecorderBuilder.standard()
                    // trace and entity ids need to be unique, not unpredictable: the SDK's docs advise the fast
                    // generator unless an application relies on cryptographically random ids (ours does not); the
                    // secure one reads SecureRandom per subsegment
                    .withFastIdGenerator()
                    .withSegmentContextResolverChain(lambdaOnly)
                    .withEmitter(new UDPEmitter(daemon))
                    // no plugins: they add EC2/ECS/Beanstalk metadata, nothing a Lambda function has
                    .build();
        } catch (SocketException e) {
            throw new IllegalStateException("cannot open the UDP socket to the X-Ray daemon at " + daemonAddress, e);
        }
        this.end = recorder::endSubsegment;
    }

    TraceSpan begin(String name) {
        if (!sampled(traceHeader())) {
            // Lambda did not sample this invocation: the SDK would parse the header twice and build a facade
            // segment and a no-op subsegment, none of it sent. AWS SDK calls still go through X-Ray's interceptor,
            // which begins its own (no-op) subsegment of the facade segment, so it needs none of ours.
            return NOT_SAMPLED;
        }
        recorder.beginSubsegment(name);
        // spans nest strictly, so ending one is ending the context's current subsegment and making its parent
        // current again (what Subsegment.close() does, sampled or not), one span object for all, nothing allocated
        // per request; endSubsegment(subsegment) would end it but leave it current, adopting the next S3 call
        return end;
    }

    /** The invocation's trace header, where and in the order the SDK's {@code LambdaSegmentContext} reads it. */
    private String traceHeader() {
        return environmentTraceHeader != null && !environmentTraceHeader.isEmpty() ? environmentTraceHeader
                : System.getProperty(Tracing.TRACE_HEADER_PROPERTY);
    }

    /**
     * Whether the header says {@code Sampled=1}, the only decision under which the SDK's Lambda context records:
     * {@code Sampled=0}, {@code Sampled=?} and no header at all make a segment that sends nothing.
     */
    static boolean sampled(String traceHeader) {
        if (traceHeader == null) {
            return false;
        }
        for (String field : traceHeader.split(";")) {
            int equals = field.indexOf('=');
            if (equals > 0 && field.substring(0, equals).trim().equals("Sampled")) {
                return field.substring(equals + 1).trim().equals("1");
            }
        }
        return false;
    }

    ExecutionInterceptor awsCallInterceptor() {
        // no account id, X-Ray's default list of operation parameters to record
        return new TracingInterceptor(recorder, null, null);
    }
}
