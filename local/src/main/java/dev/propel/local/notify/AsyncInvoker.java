package dev.propel.local.notify;

import dev.propel.local.runtime.FunctionRuntime;
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
 * until every queue is empty and nothing runs, including invocations enqueued by running ones.
 */
public final class AsyncInvoker implements AutoCloseable {
    private final Map<String, ExecutorService> queues = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private long pending;

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
                    function.invoke(event.get());
                } finally {
                    done();
                }
            });
        } catch (RuntimeException e) {
            done();
            throw e;
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
