package dev.errand.worker;

import java.time.Duration;

/**
 * How many claimed jobs a worker keeps waiting beyond the running ones: as many as its threads run in
 * {@code errand.worker.prefetch} at the recent mean run time of its attempts, from 1 to the batch size. A drain of
 * short jobs gets whole batches, so a database worker makes few round trips; one-second jobs get one waiting job, so a
 * worker does not hold work that an idle one could run. A worker that found nothing to claim starts learning afresh
 * ({@link #restart}), so the first claim after a pause is small whatever ran before it. Jobs a worker already holds
 * stay with it when the prefetch shrinks.
 */
final class Prefetch {
    /** The mean weighs about the last 2^8 = 256 attempts; before that many ran, all of them equally. */
    private static final int WEIGHT_SHIFT = 8;

    private static final int EQUAL_WEIGHT_ATTEMPTS = 1 << WEIGHT_SHIFT;

    private final int threads;
    private final int max;
    private final long windowNanos;
    /** The mean run time of recent attempts in nanoseconds; updates race, which only blurs it. */
    private volatile long meanNanos;

    private volatile int attempts;

    Prefetch(int threads, int max, Duration window) {
        this.threads = threads;
        this.max = max;
        this.windowNanos = window.toNanos();
    }

    /**
     * Forgets the run times seen so far: the next jobs may be of another kind than the last (a queue that ran dry).
     * Until an attempt ends, one job waits beyond the running ones.
     */
    void restart() {
        attempts = 0;
        meanNanos = 0;
    }

    /**
     * An attempt ran for {@code nanos}: from its start to its outcome, record included when it was recorded inline; an
     * attempt that timed out counts with its timeout.
     */
    void ran(long nanos) {
        int n = attempts;
        long mean = meanNanos;
        if (n < EQUAL_WEIGHT_ATTEMPTS) {
            // a plain mean at first, so one slow first attempt (a cold JVM) does not hold the prefetch down for long
            attempts = n + 1;
            meanNanos = mean + (nanos - mean) / (n + 1);
        } else {
            meanNanos = mean + ((nanos - mean) >> WEIGHT_SHIFT);
        }
    }

    /**
     * Claimed jobs to keep waiting beyond the running ones: one before any attempt ran, then
     * threads × window / mean run time, from 1 to the batch size.
     */
    int jobs() {
        if (attempts == 0) {
            return 1; // nothing known yet: a second claim after the first attempt costs less than hoarding long jobs
        }
        long mean = Math.max(1, meanNanos);
        long work = windowNanos > Long.MAX_VALUE / threads ? Long.MAX_VALUE : threads * windowNanos;
        long jobs = work / mean;
        return (int) Math.max(1, Math.min(max, jobs));
    }

    /** The most it ever gives: the batch size. */
    int max() {
        return max;
    }
}
