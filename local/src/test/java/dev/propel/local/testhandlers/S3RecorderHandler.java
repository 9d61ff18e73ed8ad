package dev.propel.local.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Test handler following the handler contract: records every S3 event it receives. */
public final class S3RecorderHandler implements RequestHandler<S3Event, String> {
    /** Events received, across the JVM (tests drain it). */
    public static final BlockingQueue<S3Event> RECEIVED = new LinkedBlockingQueue<>();
    /** The environment each instance was created with. */
    public static final BlockingQueue<Map<String, String>> ENVIRONMENTS = new LinkedBlockingQueue<>();

    public S3RecorderHandler() {
        this(System.getenv());
    }

    public S3RecorderHandler(Map<String, String> env) {
        ENVIRONMENTS.add(env);
    }

    @Override
    public String handleRequest(S3Event event, Context context) {
        RECEIVED.add(event);
        return "recorded " + event.getRecords().size();
    }
}
