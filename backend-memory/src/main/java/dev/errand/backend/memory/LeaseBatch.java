package dev.errand.backend.memory;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The jobs whose leases one claim or one renew set to the same expiry: one entry of the
 * {@link LeaseIndex} per batch instead of one per job. A job leaves its batch when its lease ends
 * or is renewed into another batch; the batch leaves the index when its last job has left, so
 * finished jobs are not kept alive for the lease duration.
 */
final class LeaseBatch {
    final Instant expiresAt;
    private final JobRecord[] jobs;
    private int size;
    private final AtomicInteger live = new AtomicInteger();
    /** Its number, which jobs hold (see {@link JobRecord#leaseBatch}); also the tie-breaker in the index. Never 0. */
    final long seq;

    /** A batch numbered by {@link LeaseIndex#newBatch}. */
    LeaseBatch(long seq, Instant expiresAt, int capacity) {
        this.seq = seq;
        this.expiresAt = expiresAt;
        this.jobs = new JobRecord[capacity];
    }

    /** Adds a job whose lease now points here. Caller holds the job's monitor; one thread fills a batch. */
    void add(JobRecord job) {
        jobs[size++] = job;
        live.incrementAndGet();
    }

    /** A job left the batch; true when it was the last one. Caller holds that job's monitor. */
    boolean detach() {
        return live.decrementAndGet() == 0;
    }

    int size() {
        return size;
    }

    JobRecord job(int i) {
        return jobs[i];
    }
}
