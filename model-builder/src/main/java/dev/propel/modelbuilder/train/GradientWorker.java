package dev.propel.modelbuilder.train;

import java.util.concurrent.locks.LockSupport;

/**
 * A second thread that computes the gradient of the second half of each mini-batch while the caller computes the
 * first. Hand-off is a spin on volatile counters (a mini-batch takes well under a millisecond, too short for
 * blocking queues), falling back to parking when idle so it does not burn a core between epochs.
 */
final class GradientWorker implements AutoCloseable {
    private final Thread thread;
    private volatile long requested;
    private volatile long completed;
    private volatile boolean closed;
    private volatile RuntimeException failure;
    private Runnable task;

    GradientWorker() {
        thread = new Thread(this::loop, "propel-gradient");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code mine} on the calling thread and {@code theirs} on the worker, returning when both are done. */
    void runBoth(Runnable mine, Runnable theirs) {
        task = theirs;
        long ticket = requested + 1;
        requested = ticket;
        LockSupport.unpark(thread);
        mine.run();
        int spins = 0;
        while (completed != ticket) {
            if (++spins < 50_000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    private void loop() {
        long seen = 0;
        while (!closed) {
            int spins = 0;
            while (requested == seen && !closed) {
                if (++spins < 20_000) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 200_000);
                }
            }
            if (closed) {
                return;
            }
            seen = requested;
            try {
                task.run();
            } catch (RuntimeException e) {
                failure = e;
            }
            completed = seen;
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
