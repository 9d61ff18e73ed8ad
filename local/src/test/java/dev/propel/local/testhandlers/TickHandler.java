package dev.propel.local.testhandlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Test handler following the handler contract: records scheduled events. */
public final class TickHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    /** Events received, across the JVM (tests drain it). */
    public static final BlockingQueue<ScheduledEvent> RECEIVED = new LinkedBlockingQueue<>();

    public TickHandler() {
        this(System.getenv());
    }

    public TickHandler(Map<String, String> env) {
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        RECEIVED.add(event);
        return Map.of("source", event.getSource(), "detailType", event.getDetailType());
    }
}
