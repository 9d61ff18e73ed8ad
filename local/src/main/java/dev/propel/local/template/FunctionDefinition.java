package dev.propel.local.template;

import java.util.List;
import java.util.Map;

/**
 * One {@code AWS::Serverless::Function} of the template, with Globals applied and intrinsic functions resolved
 * for the local stack.
 *
 * @param logicalId   the resource name, e.g. {@code IngestFunction}
 * @param handler     {@code package.Class::method} or {@code package.Class}
 * @param environment the function's Environment.Variables (Globals merged, function wins)
 * @param eventInvoke retries and on-failure destination of its asynchronous invocations
 */
public record FunctionDefinition(
        String logicalId,
        String handler,
        String runtime,
        int timeoutSeconds,
        int memoryMb,
        Map<String, String> environment,
        List<ApiEvent> apiEvents,
        List<S3Subscription> s3Events,
        List<ScheduleEvent> schedules,
        EventInvokeSettings eventInvoke) {

    /** A function with Lambda's default asynchronous behaviour (two retries, no destination). */
    public FunctionDefinition(String logicalId, String handler, String runtime, int timeoutSeconds, int memoryMb,
            Map<String, String> environment, List<ApiEvent> apiEvents, List<S3Subscription> s3Events,
            List<ScheduleEvent> schedules) {
        this(logicalId, handler, runtime, timeoutSeconds, memoryMb, environment, apiEvents, s3Events, schedules,
                EventInvokeSettings.DEFAULT);
    }

    public FunctionDefinition {
        eventInvoke = eventInvoke == null ? EventInvokeSettings.DEFAULT : eventInvoke;
        environment = Map.copyOf(environment);
        apiEvents = List.copyOf(apiEvents);
        s3Events = List.copyOf(s3Events);
        schedules = List.copyOf(schedules);
    }

    /** The handler class name: the part before {@code ::}. */
    public String handlerClass() {
        int i = handler.indexOf("::");
        return i < 0 ? handler : handler.substring(0, i);
    }

    /** The handler method name, {@code handleRequest} when the template names none. */
    public String handlerMethod() {
        int i = handler.indexOf("::");
        return i < 0 ? "handleRequest" : handler.substring(i + 2);
    }
}
