package dev.errand.worker;

import dev.errand.spi.ClaimedJob;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One claimed job inside a worker, from claim to report. Exactly one party reports its outcome:
 * the thread that ran it, or the supervisor when it timed out; {@link #settle()} decides which.
 */
final class InFlight {
    final ClaimedJob job;
    private final AtomicReference<Thread> settledBy = new AtomicReference<>();
    volatile Thread thread;
    volatile long startedNanos;
    volatile boolean leaseLost;
    /** How the attempt ended and what it threw, once reported; for the interceptors' scopes. */
    volatile TimingLog.Status status;

    volatile Throwable cause;

    InFlight(ClaimedJob job) {
        this.job = job;
    }

    void started(Thread t, long nanos) {
        this.startedNanos = nanos;
        this.thread = t;
    }

    boolean isRunning() {
        return thread != null && settledBy.get() == null;
    }

    /** True for the one caller that gets to report this attempt. */
    boolean settle() {
        return settledBy.compareAndSet(null, Thread.currentThread());
    }

    /** True once someone is reporting (or has reported) this attempt: its outcome no longer depends on the lease renewal. */
    boolean isSettled() {
        return settledBy.get() != null;
    }

    /** True when another thread than the caller settled this attempt (the supervisor, on a timeout). */
    boolean settledElsewhere() {
        Thread t = settledBy.get();
        return t != null && t != Thread.currentThread();
    }
}
