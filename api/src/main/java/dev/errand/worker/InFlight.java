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

    /** Sets {@link #letGo} once. */
    private static final VarHandle LET_GO;
    /** Sets {@link #runClaimed} once. */
    private static final VarHandle RUN_CLAIMED;

    static {
        try {
            SETTLED_BY = MethodHandles.lookup().findVarHandle(InFlight.class, "settledBy", Thread.class);
            LET_GO = MethodHandles.lookup().findVarHandle(InFlight.class, "letGo", boolean.class);
            RUN_CLAIMED = MethodHandles.lookup().findVarHandle(InFlight.class, "runClaimed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final ClaimedJob job;
    /** Claimed by a job thread for its own batch ({@link HeldJobs#holdOwn}), not by the fetcher. */
    final boolean own;
    /** The worker no longer holds this job: recorded, handed back or given up on ({@link HeldJobs#done}). */
    private volatile boolean letGo;
    /** A job thread is to run this job, or it is being handed back ({@link #claimToRun}). */
    private volatile boolean runClaimed;
    /** The thread that reported the outcome, or null. */
    private volatile Thread settledBy;

    volatile Thread thread;
    volatile long startedNanos;
    volatile boolean leaseLost;
    /** How the attempt ended and what it threw, once reported; for the interceptors' scopes. */
    volatile TimingLog.Status status;

    volatile Throwable cause;
    /** Set once its success waits in a completer or a thread's batch: recording it lets go of the job. */
    volatile boolean successQueued;
    /** Set before the worker interrupts this attempt because it stops: whatever the job then throws, it did not fail. */
    volatile boolean interruptedForStop;
    /** Ran to success and awaits the completer's record, its room already given back; guarded by HeldJobs' lock. */
    boolean awaitingRecord;

    InFlight(ClaimedJob job) {
        this(job, false);
    }

    InFlight(ClaimedJob job, boolean own) {
        this.job = job;
        this.own = own;
    }

    /**
     * True for the one caller that runs this job or hands it back unstarted: a job of a thread's own batch may be
     * handed back by another thread (a stop, or a job before it that runs long) while its own thread reaches it.
     */
    boolean claimToRun() {
        return RUN_CLAIMED.compareAndSet(this, false, true);
    }

    /** True once a thread runs this job or it was handed back. */
    boolean isClaimedToRun() {
        return runClaimed;
    }

    /** True when this thread ran the attempt and another reported it: it timed out, and the watchdog took over. */
    boolean timedOutHere() {
        return thread == Thread.currentThread() && settledElsewhere();
    }

    /** True for the one caller that lets go of this job. */
    boolean letGo() {
        return LET_GO.compareAndSet(this, false, true);
    }

    /** True while the worker holds this job. */
    boolean isHeld() {
        return !letGo;
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
