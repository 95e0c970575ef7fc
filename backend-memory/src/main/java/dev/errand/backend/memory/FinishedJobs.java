package dev.errand.backend.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Finished jobs (SUCCEEDED, DEAD, CANCELLED) in the order they finished, kept for {@code find()}
 * and {@code outcome()} until {@code errand.memory.retention} passes or more than
 * {@code errand.memory.maxFinished} are kept. Pruning is amortised: each finished job drops at
 * most a few old ones, so no caller ever pays for a large sweep, and there is no cleaner thread.
 * Lookups treat a job past its retention as gone even before it is dropped.
 */
final class FinishedJobs {
    /** How many expired jobs one finishing job may drop besides keeping the count under the cap. */
    private static final int DROP_PER_FINISH = 4;

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<JobRecord> order = new ArrayDeque<>();
    private final JobTable jobs;
    private final long retentionNanos;
    private final int maxFinished;

    FinishedJobs(JobTable jobs, Duration retention, int maxFinished) {
        this.jobs = jobs;
        this.retentionNanos = saturatedNanos(retention);
        this.maxFinished = maxFinished;
    }

    /** Records a job that just reached a final state at {@code now}. */
    void add(JobRecord job, Instant now) {
        lock.lock();
        try {
            order.addLast(job);
            dropOld(now, DROP_PER_FINISH);
        } finally {
            lock.unlock();
        }
    }

    /** Drops up to {@code limit} expired jobs, unless another thread is busy here right now. */
    void prune(Instant now, int limit) {
        if (lock.tryLock()) {
            try {
                dropOld(now, limit);
            } finally {
                lock.unlock();
            }
        }
    }

    /** True when a finished job is past its retention and must look unknown. */
    boolean isExpired(JobRecord job, Instant now) {
        return isExpired(job, JobRecord.key(now));
    }

    private boolean isExpired(JobRecord job, long nowKey) {
        return nowKey - job.finishedAtKey >= retentionNanos;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    int size() {
        lock.lock();
        try {
            return order.size();
        } finally {
            lock.unlock();
        }
    }

    private void dropOld(Instant now, int limit) {
        long nowKey = JobRecord.key(now);
        while (order.size() > maxFinished) {
            drop(order.pollFirst());
        }
        for (int i = 0; i < limit; i++) {
            JobRecord oldest = order.peekFirst();
            if (oldest == null || !isExpired(oldest, nowKey)) {
                return;
            }
            drop(order.pollFirst());
        }
    }

    private void drop(JobRecord job) {
        jobs.remove(job);
    }
}
