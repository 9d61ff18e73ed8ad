package dev.propel.local.schedule;

import dev.propel.core.log.JsonLog;
import dev.propel.local.notify.AsyncInvoker;
import dev.propel.local.runtime.FunctionRuntime;
import dev.propel.local.template.ScheduleEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the template's scheduled functions (EventBridge rules) on their schedule, or every {@code every} when the
 * user asks for a faster pace, as asynchronous invocations.
 */
public final class FunctionScheduler implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "schedules");
        t.setDaemon(true);
        return t;
    });
    private final AsyncInvoker async;
    private final String region;
    private final String accountId;
    private final JsonLog log;

    public FunctionScheduler(AsyncInvoker async, String region, String accountId, JsonLog log) {
        this.async = async;
        this.region = region;
        this.accountId = accountId;
        this.log = log;
    }

    /**
     * Starts the schedules of these functions.
     *
     * @param every null to follow each expression, else the fixed interval every schedule runs at
     */
    public void start(List<FunctionRuntime> functions, Duration every) {
        for (FunctionRuntime f : functions) {
            for (ScheduleEvent s : f.definition().schedules()) {
                if (!s.enabled()) {
                    continue;
                }
                ScheduleExpression expression;
                try {
                    expression = ScheduleExpression.parse(s.expression());
                } catch (IllegalArgumentException e) {
                    log.warn("schedule not run").with("target", f.definition().logicalId())
                            .with("error", e.getMessage()).log();
                    continue;
                }
                if (every != null) {
                    long ms = every.toMillis();
                    timer.scheduleAtFixedRate(() -> fire(f, s), ms, ms, TimeUnit.MILLISECONDS);
                } else {
                    scheduleNext(f, s, expression);
                }
                log.info("schedule").with("target", f.definition().logicalId())
                        .with("expression", s.expression())
                        .with("every_s", every == null ? null : every.toSeconds()).log();
            }
        }
    }

    private void scheduleNext(FunctionRuntime f, ScheduleEvent s, ScheduleExpression expression) {
        Instant now = Instant.now();
        long delay = Math.max(0, expression.next(now).toEpochMilli() - now.toEpochMilli());
        timer.schedule(() -> {
            fire(f, s);
            scheduleNext(f, s, expression);
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void fire(FunctionRuntime f, ScheduleEvent s) {
        byte[] event = s.input() != null ? s.input().getBytes(StandardCharsets.UTF_8)
                : ScheduledEventDocument.of(region, accountId, f.definition().logicalId() + s.name(),
                        Instant.now());
        async.submit(f, event);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
