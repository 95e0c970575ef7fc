package dev.errand.backend.memory;

import dev.errand.config.Durations;
import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.Completion;
import dev.errand.spi.Lease;
import dev.errand.spi.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What happens to running jobs: every change is fenced on the lease {@code (id, owner, attempt)},
 * so a stale lease changes nothing. Finishing a job takes only its monitor; going back to a queue
 * (retry, release, recovery) takes that queue's lock first.
 */
final class LeasedJobs {
    private final JobTable jobs;
    private final LeaseIndex leases;
    private final Finisher finisher;
    private final LeaseOwners owners;

    LeasedJobs(JobTable jobs, LeaseIndex leases, Finisher finisher, LeaseOwners owners) {
        this.jobs = jobs;
        this.leases = leases;
        this.finisher = finisher;
        this.owners = owners;
    }

    /** True when {@code lease} is the lease of the attempt running now. Caller holds the job's monitor. */
    private boolean holds(Lease lease, JobRecord job) {
        return job.isLeasedBy(owners.knownNumberOf(lease.owner()), lease.attempt());
    }

    boolean complete(Lease lease, byte[] result, Instant now) {
        Finished done = succeed(lease, result, now);
        if (done == null) {
            return false;
        }
        finisher.finished(done, now);
        return true;
    }

    /**
     * Completes a batch: each job fenced on its own lease as {@link #complete} does, and the bookkeeping after them
     * done once for the batch. Returns whether each lease was held.
     */
    Boolean[] completeAll(List<Completion> completions, Instant now) {
        for (int i = 0; i < completions.size(); i++) {
            Objects.requireNonNull(completions.get(i), "completions[" + i + "] == null");
        }
        Boolean[] held = new Boolean[completions.size()];
        List<Finished> done = new ArrayList<>(held.length);
        try {
            for (int i = 0; i < held.length; i++) {
                Completion c = completions.get(i);
                Finished one = succeed(c.lease(), c.result(), now);
                held[i] = one != null;
                if (one != null) {
                    done.add(one);
                }
            }
        } finally {
            finisher.finishedAll(done, now); // the jobs finished so far, also when a later one failed
        }
        return held;
    }

    /** Marks the leased attempt succeeded under the job's monitor; null when the lease is not held. */
    private Finished succeed(Lease lease, byte[] result, Instant now) {
        JobRecord job = jobs.get(lease.id());
        if (job == null) {
            return null;
        }
        synchronized (job) {
            if (!holds(lease, job)) {
                return null;
            }
            LeaseBatch emptied = job.endLease(leases);
            job.result = result;
            CompletableFuture<Outcome> future = job.finish(JobState.SUCCEEDED, now);
            return new Finished(job, emptied, future, future == null ? null : job.outcome());
        }
    }

    boolean fail(Lease lease, JobError error, Instant retryAt, Instant now) {
        JobRecord job = jobs.get(lease.id());
        if (job == null) {
            return false;
        }
        if (retryAt == null) {
            LeaseBatch emptied;
            CompletableFuture<Outcome> future;
            Outcome outcome = null;
            synchronized (job) {
                if (!holds(lease, job)) {
                    return false;
                }
                job.addError(error);
                emptied = job.endLease(leases);
                future = job.finish(JobState.DEAD, now);
                if (future != null) {
                    outcome = job.outcome();
                }
            }
            finisher.finished(new Finished(job, emptied, future, outcome), now);
            return true;
        }
        QueueState queue = job.queue;
        LeaseBatch emptied;
        queue.lock.lock();
        try {
            synchronized (job) {
                if (!holds(lease, job)) {
                    return false;
                }
                job.addError(error);
                emptied = job.endLease(leases);
                job.runAt(retryAt);
                job.state(retryAt.isAfter(now) ? JobState.RETRYABLE : JobState.AVAILABLE);
                queue.offer(job);
            }
        } finally {
            queue.lock.unlock();
        }
        finisher.forget(emptied);
        queue.signalWaiters();
        return true;
    }

    /** Moves the held leases into one new lease entry; returns the ids whose lease is not held. */
    Set<JobId> renew(Collection<Lease> leaseList, Instant expiresAt) {
        LeaseBatch batch = leases.newBatch(expiresAt, leaseList.size());
        long expiresAtKey = JobRecord.key(expiresAt);
        Set<JobId> lost = null;
        List<LeaseBatch> emptied = null;
        for (Lease lease : leaseList) {
            Objects.requireNonNull(lease, "lease == null");
            JobRecord job = jobs.get(lease.id());
            LeaseBatch old = null;
            boolean held = false;
            if (job != null) {
                synchronized (job) {
                    if (holds(lease, job)) {
                        held = true;
                        old = leases.find(job.leaseBatch);
                        job.leaseExpiresAtKey = expiresAtKey;
                        job.leaseBatch = batch.seq;
                        batch.add(job);
                        if (old != null && !old.detach()) {
                            old = null;
                        }
                    }
                }
            }
            if (!held) {
                lost = lost == null ? new HashSet<>() : lost;
                lost.add(lease.id());
            } else if (old != null) {
                emptied = emptied == null ? new ArrayList<>() : emptied;
                emptied.add(old);
            }
        }
        if (batch.size() > 0) {
            leases.add(batch);
        }
        if (emptied != null) {
            emptied.forEach(finisher::forget);
        }
        return lost == null ? Set.of() : Collections.unmodifiableSet(lost);
    }

    /** Hands running jobs back: available again, the attempt not counted. */
    void release(Collection<Lease> leaseList) {
        for (Lease lease : leaseList) {
            Objects.requireNonNull(lease, "lease == null");
            JobRecord job = jobs.get(lease.id());
            if (job == null) {
                continue;
            }
            QueueState queue = job.queue;
            LeaseBatch emptied;
            queue.lock.lock();
            try {
                synchronized (job) {
                    if (!holds(lease, job)) {
                        continue;
                    }
                    emptied = job.endLease(leases);
                    job.attempt--;
                    job.state(JobState.AVAILABLE);
                    queue.ready.add(job);
                }
            } finally {
                queue.lock.unlock();
            }
            finisher.forget(emptied);
            queue.signalWaiters();
        }
    }

    /** Recovers the jobs whose lease expired at {@code now}; looks only at expired lease entries. */
    int recoverExpired(Instant now) {
        int recovered = 0;
        for (LeaseBatch batch : leases.pollExpired(now)) {
            for (int i = 0; i < batch.size(); i++) {
                if (recover(batch.job(i), batch, now)) {
                    recovered++;
                }
            }
        }
        return recovered;
    }

    /** Recovers one job if its lease is still the expired one of {@code batch}. */
    private boolean recover(JobRecord job, LeaseBatch batch, Instant now) {
        QueueState queue = job.queue;
        CompletableFuture<Outcome> future = null;
        Outcome outcome = null;
        boolean dead;
        queue.lock.lock();
        try {
            synchronized (job) {
                if (job.leaseBatch != batch.seq
                        || job.state() != JobState.RUNNING
                        || job.leaseExpiresAtKey > JobRecord.key(now)) {
                    return false;
                }
                dead = job.attempt >= job.maxAttempts;
                job.addError(new JobError(job.attempt, now, "LeaseExpired", leaseExpiredMessage(job, now, dead), ""));
                job.endLease(leases);
                if (dead) {
                    future = job.finish(JobState.DEAD, now);
                    outcome = future == null ? null : job.outcome();
                } else {
                    job.state(JobState.AVAILABLE);
                    job.runAt(now);
                    queue.ready.add(job);
                }
            }
        } finally {
            queue.lock.unlock();
        }
        if (dead) {
            finisher.finished(new Finished(job, null, future, outcome), now);
        } else {
            queue.signalWaiters();
        }
        return true;
    }

    private String leaseExpiredMessage(JobRecord job, Instant now, boolean dead) {
        Instant expiredAt = job.leaseExpiresAt();
        return "lease of worker " + owners.name(job.leaseOwner) + " expired at " + expiredAt + " ("
                + Durations.format(Duration.between(expiredAt, now)) + " ago); "
                + "the worker died or stopped heartbeating; "
                + (dead
                        ? "that was attempt " + job.attempt + " of " + job.maxAttempts + ", so the job is dead"
                        : "re-delivered");
    }

    int leaseEntries() {
        return leases.size();
    }
}
