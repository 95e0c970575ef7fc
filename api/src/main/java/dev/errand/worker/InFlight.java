package dev.errand.worker;

import dev.errand.spi.ClaimedJob;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One claimed job inside a worker, from claim to report. Exactly one party reports its outcome:
 * the thread that ran it, or the supervisor when it timed out; {@link #settle()} decides which.
 */
final class InFlight {
    /** Sets {@link #settledBy} once; a field and a handle rather than an AtomicReference, one object less per job. */
    private static final VarHandle SETTLED_BY;

    static {
        try {
            SETTLED_BY = MethodHandles.lookup().findVarHandle(InFlight.class, "settledBy", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final ClaimedJob job;
    /** The thread that reported the outcome, or null. */
    private volatile Thread settledBy;

    volatile Thread thread;
    volatile long startedNanos;
    volatile boolean leaseLost;
    /** How the attempt ended and what it threw, once reported; for the interceptors' scopes. */
    volatile TimingLog.Status status;

    volatile Throwable cause;
    /** Ran to success and awaits the completer's record, its room already given back; guarded by HeldJobs' lock. */
    boolean awaitingRecord;

    InFlight(ClaimedJob job) {
        this.job = job;
    }

    void started(Thread t, long nanos) {
        this.startedNanos = nanos;
        this.thread = t;
    }

    boolean isRunning() {
        return thread != null && settledBy == null;
    }

    /** True for the one caller that gets to report this attempt. */
    boolean settle() {
        return SETTLED_BY.compareAndSet(this, null, Thread.currentThread());
    }

    /** True once someone is reporting (or has reported) this attempt: its outcome no longer depends on the lease renewal. */
    boolean isSettled() {
        return settledBy != null;
    }

    /** True when another thread than the caller settled this attempt (the supervisor, on a timeout). */
    boolean settledElsewhere() {
        Thread t = settledBy;
        return t != null && t != Thread.currentThread();
    }
}
