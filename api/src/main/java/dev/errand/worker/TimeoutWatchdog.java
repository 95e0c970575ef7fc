package dev.errand.worker;

import dev.errand.worker.TimingLog.Status;
import java.util.function.BooleanSupplier;

/**
 * Ends attempts that outlive their job's timeout: reports the failure on behalf of the stuck thread, interrupts it,
 * hands back the jobs of its own batch that it would have run next, and starts another job thread in its place, so
 * the worker keeps its capacity while the stuck one winds down.
 */
final class TimeoutWatchdog {
    private final AttemptRunner runner;
    private final HeldJobs held;
    private final HandBack handBack;
    /** Told a timed-out attempt's run time: the slowest attempts count too. */
    private final Prefetch prefetch;

    private final WorkerCounters counters;
    /** Starts a job thread in place of a stuck one. */
    private final Runnable replaceThread;
    /** True while the worker runs or stops gracefully: replacements are still needed. */
    private final BooleanSupplier active;

    TimeoutWatchdog(
            AttemptRunner runner,
            HeldJobs held,
            HandBack handBack,
            Prefetch prefetch,
            WorkerCounters counters,
            Runnable replaceThread,
            BooleanSupplier active) {
        this.runner = runner;
        this.held = held;
        this.handBack = handBack;
        this.prefetch = prefetch;
        this.counters = counters;
        this.replaceThread = replaceThread;
        this.active = active;
    }

    /** Times out every running attempt past its timeout at {@code nowNanos} ({@link System#nanoTime()}). */
    void check(long nowNanos) {
        for (InFlight f : held.live()) {
            if (f.isRunning() && nowNanos - f.startedNanos > f.job.timeout().toNanos()) {
                timeOut(f, nowNanos);
            }
        }
    }

    private void timeOut(InFlight f, long nowNanos) {
        Thread t = f.thread;
        Status status = runner.reportTimeout(f);
        if (status == null) {
            return; // the job finished just now and its thread reported it
        }
        prefetch.ran(nowNanos - f.startedNanos);
        counters.count(status);
        if (t != null) {
            t.interrupt();
        }
        held.done(f);
        if (f.own) {
            // the stuck thread runs nothing more of its own batch: the rest goes back to the queue for others
            handBack.handBack(held.ownBatchAfter(f));
        }
        if (active.getAsBoolean()) {
            replaceThread.run();
        }
    }
}
