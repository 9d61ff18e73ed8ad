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
 * (system property {@code com.amazonaws.xray.traceHeader}, else {@code _X_AMZN_TRACE_ID}; sampled or not, Lambda
 * decides), and only our subsegments of a sampled invocation are sent, over UDP, to the daemon address.
 */
final class XRaySpans {
    private final AWSXRayRecorder recorder;
    private final TraceSpan end;

    XRaySpans(String daemonAddress) {
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
        recorder.beginSubsegment(name);
        // spans nest strictly, so ending one is ending the context's current subsegment and making its parent
        // current again (what Subsegment.close() does, sampled or not), one span object for all, nothing allocated
        // per request; endSubsegment(subsegment) would end it but leave it current, adopting the next S3 call
        return end;
    }

    ExecutionInterceptor awsCallInterceptor() {
        // no account id, X-Ray's default list of operation parameters to record
        return new TracingInterceptor(recorder, null, null);
    }
}
