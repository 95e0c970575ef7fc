package dev.errand.backend.memory;

import dev.errand.config.RetentionConfig;
import dev.errand.job.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Finished jobs in the order they finished, succeeded ones apart from dead and cancelled ones, kept for
 * {@code find()} and {@code outcome()} until their retention passes ({@code errand.memory.retention.succeeded} or
 * {@code .failed}) or more than {@code errand.memory.maxFinished} are kept (then the oldest of either kind goes
 * first). Pruning is amortised: each finished job drops at most a few old ones, so no caller ever pays for a large
 * sweep, and there is no cleaner thread. Lookups treat a job past its retention as gone even before it is dropped.
 */
final class FinishedJobs {
    /** How many expired jobs one finishing job may drop besides keeping the count under the cap. */
    private static final int DROP_PER_FINISH = 4;

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<JobRecord> succeeded = new ArrayDeque<>();
    private final ArrayDeque<JobRecord> failed = new ArrayDeque<>();
    private final JobTable jobs;
    private final long succeededNanos;
    private final long failedNanos;
    private final int maxFinished;

    FinishedJobs(JobTable jobs, RetentionConfig retention, int maxFinished) {
        this.jobs = jobs;
        this.succeededNanos = saturatedNanos(retention.succeeded());
        this.failedNanos = saturatedNanos(retention.failed());
        this.maxFinished = maxFinished;
    }

    /**
     * Records jobs that just reached a final state at {@code now}, under one lock, and drops up to
     * {@value #DROP_PER_FINISH} expired jobs for each.
     */
    void addAll(List<Finished> batch, Instant now) {
        if (batch.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            for (Finished done : batch) {
                JobRecord job = done.job();
                (job.state() == JobState.SUCCEEDED ? succeeded : failed).addLast(job);
            }
            dropOld(now, DROP_PER_FINISH * batch.size());
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
        return nowKey - job.finishedAtKey >= (job.state() == JobState.SUCCEEDED ? succeededNanos : failedNanos);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Stops keeping these jobs as finished (retried or deleted by an operator); one pass over the finished jobs. */
    void forget(java.util.Set<JobRecord> gone) {
        lock.lock();
        try {
            succeeded.removeIf(gone::contains);
            failed.removeIf(gone::contains);
        } finally {
            lock.unlock();
        }
    }

    /** Drops every job that finished before {@code before}; returns how many. */
    long purge(Instant before) {
        long beforeKey = JobRecord.key(before);
        lock.lock();
        try {
            return purge(succeeded, beforeKey) + purge(failed, beforeKey);
        } finally {
            lock.unlock();
        }
    }

    private long purge(ArrayDeque<JobRecord> order, long beforeKey) {
        long n = 0;
        for (java.util.Iterator<JobRecord> it = order.iterator(); it.hasNext(); ) {
            JobRecord job = it.next();
            if (job.finishedAtKey < beforeKey) {
                it.remove();
                drop(job);
                n++;
            }
        }
        return n;
    }

    int size() {
        lock.lock();
        try {
            return succeeded.size() + failed.size();
        } finally {
            lock.unlock();
        }
    }

    private void dropOld(Instant now, int limit) {
        long nowKey = JobRecord.key(now);
        while (succeeded.size() + failed.size() > maxFinished) {
            drop(oldest().pollFirst());
        }
        int dropped = dropExpired(succeeded, nowKey, limit);
        dropExpired(failed, nowKey, limit - dropped);
    }

    /** The kind whose first job finished first (a non-empty one). */
    private ArrayDeque<JobRecord> oldest() {
        if (failed.isEmpty()) {
            return succeeded;
        }
        return succeeded.isEmpty() || failed.peekFirst().finishedAtKey < succeeded.peekFirst().finishedAtKey
                ? failed
                : succeeded;
    }

    private int dropExpired(ArrayDeque<JobRecord> order, long nowKey, int limit) {
        for (int i = 0; i < limit; i++) {
            JobRecord oldest = order.peekFirst();
            if (oldest == null || !isExpired(oldest, nowKey)) {
                return i;
            }
            drop(order.pollFirst());
        }
        return limit;
    }

    private void drop(JobRecord job) {
        jobs.remove(job);
    }
}
