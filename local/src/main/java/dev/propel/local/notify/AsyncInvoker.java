package dev.propel.local.notify;

import dev.propel.core.log.JsonLog;
import dev.propel.local.runtime.FunctionRuntime;
import dev.propel.local.runtime.Invocation;
import dev.propel.local.template.EventInvokeSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Lambda's asynchronous invocation (the way S3 and EventBridge invoke functions): each function has its own
 * queue, the caller returns at once, events of one function run one after another. {@link #awaitIdle} waits
 * until every queue is empty and nothing runs, including invocations enqueued by running ones. A failed event is
 * retried as the function's {@code EventInvokeConfig} says (Lambda's default: twice), then handed to its on-failure
 * destination, or dropped with an error log line when the template has none, as Lambda would drop it.
 */
public final class AsyncInvoker implements AutoCloseable {
    private final Map<String, ExecutorService> queues = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final FailureDestination destination;
    private final Duration retryDelay;
    private final JsonLog log;
    private long pending;

    /** Without retries' destination: failures after the retries are logged and dropped. */
    public AsyncInvoker() {
        this(null, Duration.ZERO, null);
    }

    /**
     * @param destination where events go when retries are exhausted and the template names a destination, or null
     * @param retryDelay  pause before the first retry, doubled for the second (Lambda waits about 1 and 2 minutes;
     *                    locally a short pause keeps the behaviour and the tests quick)
     */
    public AsyncInvoker(FailureDestination destination, Duration retryDelay, JsonLog log) {
        this.destination = destination;
        this.retryDelay = retryDelay;
        this.log = log;
    }

    /** Queues one invocation of the function with this event document. */
    public void submit(FunctionRuntime function, byte[] event) {
        submit(function, () -> event);
    }

    /** Queues one invocation whose event document is built on the function's queue, not by the caller. */
    public void submit(FunctionRuntime function, Supplier<byte[]> event) {
        synchronized (lock) {
            pending++;
        }
        ExecutorService queue = queues.computeIfAbsent(function.definition().logicalId(),
                id -> Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "async-" + id);
                    t.setDaemon(true);
                    return t;
                }));
        try {
            queue.execute(() -> {
                try {
                    deliver(function, event.get());
                } finally {
                    done();
                }
            });
        } catch (RuntimeException e) {
            done();
            throw e;
        }
    }

    private void deliver(FunctionRuntime function, byte[] event) {
        EventInvokeSettings settings = function.definition().eventInvoke();
        int attempts = 1 + settings.maximumRetryAttempts();
        Invocation last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1 && !pause(retryDelay.multipliedBy(1L << (attempt - 2)))) {
                return;
            }
            last = function.invoke(event);
            if (!last.failed()) {
                return;
            }
        }
        String id = function.definition().logicalId();
        if (destination != null && settings.onFailure() != null) {
            var file = destination.record(id, last.requestId(), event, last.payload(), attempts);
            log("WARN", "async event to on-failure destination", id, settings, attempts, file.toString());
        } else {
            log("ERROR", "async event dropped after retries (no on-failure destination)", id, settings, attempts,
                    null);
        }
    }

    private void log(String level, String message, String id, EventInvokeSettings settings, int attempts,
            String record) {
        if (log != null) {
            log.at(level, message).with("target", id).with("destination", settings.onFailure())
                    .with("attempts", attempts).with("record", record).log();
        }
    }

    private static boolean pause(Duration d) {
        if (d.isZero()) {
            return true;
        }
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void done() {
        synchronized (lock) {
            pending--;
            lock.notifyAll();
        }
    }

    /** Invocations queued or running. */
    public long pending() {
        synchronized (lock) {
            return pending;
        }
    }

    /** Waits until no invocation is queued or running; false if that did not happen within the timeout. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (pending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    @Override
    public void close() {
        queues.values().forEach(ExecutorService::shutdownNow);
    }
}
