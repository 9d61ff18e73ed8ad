package dev.propel.functions.tracing;

import com.amazonaws.xray.AWSXRay;
import com.amazonaws.xray.entities.Subsegment;

/**
 * The only class that calls the X-Ray SDK for our own subsegments, loaded only when {@link Tracing} is active.
 * Inside Lambda the SDK takes the invocation's segment from the trace header Lambda passes (sampled or not).
 */
final class XRaySpans {
    private XRaySpans() {
    }

    static TraceSpan begin(String name) {
        Subsegment subsegment = AWSXRay.beginSubsegment(name);
        // close() ends the context's current subsegment and makes its parent current again (spans nest strictly);
        // endSubsegment(subsegment) would end it but leave it current, adopting the next S3 call as a child
        return subsegment::close;
    }
}
