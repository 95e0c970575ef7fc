package dev.errand.worker;

import dev.errand.spi.ClaimedJob;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One claimed job inside a worker, from claim to report. Exactly one party reports its outcome:
 * the thread that ran it, or the supervisor when it timed out; {@link #settle()} decides which.
 */
final class InFlight {
    final ClaimedJob job;
    private final AtomicBoolean settled = new AtomicBoolean();
    volatile Thread thread;
    volatile long startedNanos;
    volatile boolean leaseLost;

    InFlight(ClaimedJob job) {
        this.job = job;
    }

    void started(Thread t, long nanos) {
        this.startedNanos = nanos;
        this.thread = t;
    }

    boolean isRunning() {
        return thread != null && !settled.get();
    }

    /** True for the one caller that gets to report this attempt. */
    boolean settle() {
        return settled.compareAndSet(false, true);
    }
}
