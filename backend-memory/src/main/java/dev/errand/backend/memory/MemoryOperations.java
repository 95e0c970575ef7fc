package dev.errand.backend.memory;

import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.JobCursor;
import dev.errand.spi.JobPage;
import dev.errand.spi.JobQuery;
import dev.errand.spi.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The operator's side of the memory backend: listing, retrying, deleting and purging jobs, and the paused queues.
 * A listing is one pass over the kept jobs (the backend holds at most {@code errand.memory.capacity} unfinished and
 * {@code errand.memory.maxFinished} finished ones), keeping only those after the cursor.
 */
final class MemoryOperations {
    private static final Comparator<JobRecord> OLDEST_FIRST = Comparator.<JobRecord>comparingLong(
                    j -> JobCursor.micros(j.enqueuedAt))
            .thenComparingLong(j -> j.seq);

    private final Clock clock;
    private final JobTable jobs;
    private final Admission admission;
    private final FinishedJobs finished;
    private final LeaseOwners owners;
    private final Function<String, QueueState> queues;
    private final Set<String> paused = ConcurrentHashMap.newKeySet();

    MemoryOperations(
            Clock clock,
            JobTable jobs,
            Admission admission,
            FinishedJobs finished,
            LeaseOwners owners,
            Function<String, QueueState> queues) {
        this.clock = clock;
        this.jobs = jobs;
        this.admission = admission;
        this.finished = finished;
        this.owners = owners;
        this.queues = queues;
    }

    JobPage list(JobQuery query) {
        Instant now = clock.instant();
        long afterMicros = query.after().map(JobCursor::enqueuedAtMicros).orElse(0L);
        long afterSeq = query.after().map(c -> seqOf(c.id())).orElse(0L);
        Comparator<JobRecord> order = query.isNewestFirst() ? OLDEST_FIRST.reversed() : OLDEST_FIRST;
        List<JobRecord> matching = new ArrayList<>();
        jobs.forEach(job -> {
            if (matches(job, query, now) && (query.after().isEmpty() || isAfter(job, afterMicros, afterSeq, query))) {
                matching.add(job);
            }
        });
        matching.sort(order);
        List<JobInfo> page = new ArrayList<>(Math.min(matching.size(), query.limit() + 1));
        for (JobRecord job : matching) {
            if (page.size() > query.limit()) {
                break;
            }
            synchronized (job) {
                page.add(job.info(now));
            }
        }
        return JobPage.of(page, query.limit());
    }

    private boolean matches(JobRecord job, JobQuery query, Instant now) {
        if (query.queue().isPresent() && !query.queue().get().equals(job.queue.name)
                || query.name().isPresent() && !query.name().get().equals(job.name)
                || query.enqueuedFrom().isPresent()
                        && job.enqueuedAt.isBefore(query.enqueuedFrom().get())
                || query.enqueuedBefore().isPresent()
                        && !job.enqueuedAt.isBefore(query.enqueuedBefore().get())) {
            return false;
        }
        synchronized (job) {
            if (job.isFinished() && finished.isExpired(job, now)) {
                return false;
            }
            return query.wants(job.info(now).state());
        }
    }

    private static boolean isAfter(JobRecord job, long afterMicros, long afterSeq, JobQuery query) {
        long micros = JobCursor.micros(job.enqueuedAt);
        int c = micros != afterMicros ? Long.compare(micros, afterMicros) : Long.compare(job.seq, afterSeq);
        return query.isNewestFirst() ? c < 0 : c > 0;
    }

    private static long seqOf(JobId id) {
        long seq = JobTable.parseSeq(id.value());
        if (seq < 1) {
            throw new IllegalArgumentException("cursor names job id '" + id + "', which is not an id of the memory"
                    + " backend; pass the cursor of a listing from this backend");
        }
        return seq;
    }

    boolean retry(JobId id) {
        JobRecord job = jobs.get(id);
        if (job == null) {
            return false;
        }
        String refusal = reopen(job, clock.instant());
        if (refusal != null) {
            throw new IllegalStateException(refusal);
        }
        return true;
    }

    int retryDead(Optional<String> name, Optional<String> queue) {
        List<JobRecord> dead = new ArrayList<>();
        jobs.forEach(job -> {
            if (queue.map(q -> q.equals(job.queue.name)).orElse(true)
                    && name.map(n -> n.equals(job.name)).orElse(true)) {
                synchronized (job) {
                    if (job.state() == JobState.DEAD) {
                        dead.add(job);
                    }
                }
            }
        });
        Instant now = clock.instant();
        int n = 0;
        for (JobRecord job : dead) {
            if (reopen(job, now) == null) {
                n++;
            }
        }
        return n;
    }

    /** Makes a dead or cancelled job available again; returns why not, or null when it did. */
    private String reopen(JobRecord job, Instant now) {
        synchronized (job) {
            if (job.state() != JobState.DEAD && job.state() != JobState.CANCELLED) {
                return "cannot retry " + job + ": only DEAD or CANCELLED jobs can be retried; cancel a waiting job, or"
                        + " wait for a running one to finish";
            }
        }
        JobRecord holder = admission.reopen(job); // takes room; outside the monitor, as enqueue does
        if (holder != null) {
            return "cannot retry " + job + ": its unique key '" + job.uniqueKey + "' is held by " + holder
                    + "; wait for that job to finish, or delete it";
        }
        QueueState queue = job.queue;
        queue.lock.lock();
        try {
            synchronized (job) {
                if (job.state() != JobState.DEAD && job.state() != JobState.CANCELLED) {
                    admission.finished(job); // retried by another caller meanwhile: give back the room
                    return "cannot retry " + job + ": another operator retried it at the same time";
                }
                job.reopen(now);
                queue.offer(job);
            }
        } finally {
            queue.lock.unlock();
        }
        finished.forget(Set.of(job));
        queue.signalWaiters();
        return null;
    }

    boolean delete(JobId id) {
        JobRecord job = jobs.get(id);
        if (job == null) {
            return false;
        }
        QueueState queue = job.queue;
        CompletableFuture<Outcome> future;
        boolean wasFinished;
        queue.lock.lock();
        try {
            synchronized (job) {
                if (job.state() == JobState.RUNNING) {
                    throw new IllegalStateException("cannot delete " + job + ": worker " + owners.name(job.leaseOwner)
                            + " is running it; wait for it to finish, then delete it");
                }
                wasFinished = job.state().isFinal();
                if (!wasFinished && !queue.ready.remove(job)) {
                    queue.scheduled.remove(job);
                }
                future = wasFinished ? null : job.finish(JobState.CANCELLED, clock.instant());
                jobs.remove(job);
            }
        } finally {
            queue.lock.unlock();
        }
        if (wasFinished) {
            finished.forget(Set.of(job));
        } else {
            admission.finished(job);
        }
        if (future != null) {
            future.completeExceptionally(new NoSuchElementException(job + " was deleted by an operator"));
        }
        return true;
    }

    long purgeFinished(Instant before) {
        return finished.purge(before);
    }

    void pause(String queue) {
        queues.apply(queue); // a paused queue exists, also before its first job
        paused.add(queue);
    }

    void resume(String queue) {
        paused.remove(queue);
    }

    Set<String> paused() {
        return Set.copyOf(new HashSet<>(paused));
    }
}
