package dev.errand.backend.memory;

import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.job.Names;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.Capability;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Completion;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.FinishedStats;
import dev.errand.spi.JobPage;
import dev.errand.spi.JobQuery;
import dev.errand.spi.Lease;
import dev.errand.spi.NewJob;
import dev.errand.spi.Outcome;
import dev.errand.spi.QueueStats;
import dev.errand.spi.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process backend ({@code errand.backend=memory}): fast, bounded, and not durable: every
 * job is lost when the process ends.
 *
 * <p>Locking, in the order locks are taken: a {@link QueueState#lock queue lock} (several in rank
 * order when a claim spans queues) guards that queue's ready and scheduled jobs; then a job's
 * monitor guards its fields; the {@link LeaseIndex} and {@link FinishedJobs} locks are leaves.
 * There is no global lock: the job table, unique keys and the capacity count are lock-free.
 * Enqueue and claim take each queue lock once per batch; finishing a running job takes only its
 * monitor and the leaf locks, never a queue lock. No future is completed and no waiter is woken
 * while any lock is held.
 */
public final class MemoryBackend implements Backend {
    static final String NAME = "memory";

    private final Clock clock;
    private final MemorySettings settings;
    private final AtomicLong sequence = new AtomicLong();
    private final JobTable jobs = new JobTable();
    private final ConcurrentHashMap<String, QueueState> queues = new ConcurrentHashMap<>();
    private final AtomicInteger queueRanks = new AtomicInteger();
    private final Admission admission;
    private final LeaseIndex leases = new LeaseIndex();
    private final LeaseOwners owners = new LeaseOwners();
    private final FinishedJobs finished;
    private final Finisher finisher;
    private final LeasedJobs running;
    private final IdleWaiters idle;
    private final MaintenanceLease maintenance = new MaintenanceLease();
    private final MemoryOperations operations;
    private volatile boolean closed;

    private final Schedules schedules = new Schedules(this::enqueue);

    /** A backend with the {@code errand.memory.*} settings of the context and its clock. */
    public MemoryBackend(BackendContext context) {
        this(MemorySettings.from(context.config()), context.clock());
    }

    MemoryBackend(MemorySettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.admission = new Admission(settings.capacity());
        this.finished = new FinishedJobs(jobs, settings.retention(), settings.maxFinished());
        this.finisher = new Finisher(admission, finished, leases);
        this.running = new LeasedJobs(jobs, leases, finisher, owners);
        this.idle = new IdleWaiters(clock, () -> closed);
        this.operations = new MemoryOperations(clock, jobs, admission, finished, owners, this::queue);
    }

    private static final Set<Capability> CAPABILITIES = Capability.withJobModel();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    /** Claims and records are calls on this JVM's heap: each job thread claims and records its own batches. */
    @Override
    public boolean inProcess() {
        return true;
    }

    @Override
    public List<EnqueueResult> enqueue(List<NewJob> newJobs) {
        checkOpen();
        Objects.requireNonNull(newJobs, "jobs == null");
        int n = newJobs.size();
        for (int i = 0; i < n; i++) {
            if (newJobs.get(i) == null) {
                throw new NullPointerException("jobs[" + i + "] == null");
            }
        }
        if (n == 0) {
            return List.of();
        }
        admission.reserve(n);
        Instant now = clock.instant();
        long firstSeq = sequence.getAndAdd(n) + 1;
        EnqueueResult[] results = new EnqueueResult[n];
        JobRecord[] stored = new JobRecord[n];
        int count = 0;
        QueueState queue = null;
        for (int i = 0; i < n; i++) {
            NewJob newJob = newJobs.get(i);
            if (queue == null || !queue.name.equals(newJob.queue())) {
                queue = queue(newJob.queue());
            }
            JobRecord job = new JobRecord(firstSeq + i, newJob, queue, now);
            jobs.put(job);
            JobRecord holder = job.uniqueKey == null ? null : admission.holdUniqueKey(job);
            if (holder != null) {
                jobs.remove(job);
                results[i] = new EnqueueResult(holder.id(), true);
            } else {
                stored[count++] = job;
                results[i] = new EnqueueResult(job.id(), false);
            }
        }
        if (count < n) {
            admission.unreserve(n - count);
        }
        offerAll(stored, count);
        finished.prune(now, n);
        return Collections.unmodifiableList(Arrays.asList(results));
    }

    /** Puts stored jobs into their queues, one lock acquisition per run of jobs of the same queue. */
    private void offerAll(JobRecord[] stored, int count) {
        int i = 0;
        while (i < count) {
            QueueState queue = stored[i].queue;
            queue.lock.lock();
            try {
                for (; i < count && stored[i].queue == queue; i++) {
                    if (!stored[i].state().isFinal()) { // cancelled between being stored and queued
                        queue.offer(stored[i]);
                    }
                }
            } finally {
                queue.lock.unlock();
            }
            queue.signalWaiters();
        }
    }

    @Override
    public List<ClaimedJob> claim(Set<String> queueNames, int max, String owner, Duration leaseDuration) {
        checkOpen();
        Objects.requireNonNull(queueNames, "queues == null");
        Objects.requireNonNull(owner, "owner == null");
        requirePositive(leaseDuration, "leaseDuration");
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1 but was " + max);
        }
        QueueState[] selected = existingQueues(queueNames);
        if (selected.length == 0) {
            return List.of();
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plus(leaseDuration);
        ClaimedJob[] claimed;
        LeaseBatch batch;
        lockAll(selected);
        try {
            int available = 0;
            for (QueueState queue : selected) {
                queue.promoteDue(now);
                available += queue.ready.size();
            }
            int n = Math.min(max, available);
            if (n == 0) {
                return List.of();
            }
            claimed = new ClaimedJob[n];
            batch = leases.newBatch(expiresAt, n);
            int ownerNumber = owners.numberOf(owner);
            for (int k = 0; k < n; k++) {
                JobRecord job = best(selected).ready.poll();
                synchronized (job) {
                    claimed[k] = job.start(owner, ownerNumber, expiresAt, batch);
                    batch.add(job);
                }
            }
        } finally {
            unlockAll(selected);
        }
        leases.add(batch);
        return Collections.unmodifiableList(Arrays.asList(claimed));
    }

    /** The queue whose first ready job comes first across {@code selected}. Caller holds their locks. */
    private static QueueState best(QueueState[] selected) {
        QueueState best = null;
        for (QueueState queue : selected) {
            JobRecord head = queue.ready.peek();
            if (head != null && (best == null || JobRecord.readyBefore(head, best.ready.peek()))) {
                best = queue;
            }
        }
        return best;
    }

    @Override
    public void awaitWork(Set<String> queueNames, Duration maxWait) throws InterruptedException {
        checkOpen();
        Objects.requireNonNull(queueNames, "queues == null");
        Objects.requireNonNull(maxWait, "maxWait == null");
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before awaiting work on " + queueNames);
        }
        if (maxWait.isNegative() || maxWait.isZero()) {
            return;
        }
        QueueState[] watched = new QueueState[queueNames.size()];
        int w = 0;
        for (String name : queueNames) {
            watched[w++] = queue(Objects.requireNonNull(name, "queue name == null"));
        }
        idle.await(watched, maxWait);
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while awaiting work on " + queueNames);
        }
    }

    @Override
    public void wakeUp() {
        idle.wakeUpAll();
    }

    @Override
    public boolean complete(Lease lease, byte[] result) {
        checkOpen();
        Objects.requireNonNull(lease, "lease == null");
        return running.complete(lease, result, clock.instant());
    }

    /** One pass over the batch at one instant; each job is fenced and finished as {@link #complete} does. */
    @Override
    public List<Boolean> completeAll(List<Completion> completions) {
        checkOpen();
        Objects.requireNonNull(completions, "completions == null");
        return Arrays.asList(running.completeAll(completions, clock.instant()));
    }

    @Override
    public boolean fail(Lease lease, JobError error, Instant retryAt) {
        checkOpen();
        Objects.requireNonNull(lease, "lease == null");
        Objects.requireNonNull(error, "error == null");
        return running.fail(lease, error, retryAt, clock.instant());
    }

    @Override
    public Set<JobId> renew(Collection<Lease> leases, Duration leaseDuration) {
        checkOpen();
        Objects.requireNonNull(leases, "leases == null");
        requirePositive(leaseDuration, "leaseDuration");
        return leases.isEmpty()
                ? Set.of()
                : running.renew(leases, clock.instant().plus(leaseDuration));
    }

    @Override
    public void release(Collection<Lease> leases) {
        checkOpen();
        Objects.requireNonNull(leases, "leases == null");
        running.release(leases);
    }

    @Override
    public int recoverExpiredLeases() {
        checkOpen();
        return running.recoverExpired(clock.instant());
    }

    @Override
    public boolean leadMaintenance(String owner, Duration term) {
        checkOpen();
        Objects.requireNonNull(owner, "owner == null");
        Objects.requireNonNull(term, "term == null");
        return maintenance.lead(owner, term, clock.instant());
    }

    @Override
    public void resignMaintenance(String owner) {
        checkOpen();
        maintenance.resign(Objects.requireNonNull(owner, "owner == null"));
    }

    @Override
    public boolean cancel(JobId id) {
        checkOpen();
        Objects.requireNonNull(id, "id == null");
        JobRecord job = jobs.get(id);
        if (job == null) {
            return false;
        }
        Instant now = clock.instant();
        QueueState queue = job.queue;
        CompletableFuture<Outcome> future;
        Outcome outcome = null;
        queue.lock.lock();
        try {
            synchronized (job) {
                if (job.state() != JobState.SCHEDULED
                        && job.state() != JobState.AVAILABLE
                        && job.state() != JobState.RETRYABLE) {
                    return false;
                }
                if (!queue.ready.remove(job)) {
                    queue.scheduled.remove(job);
                }
                future = job.finish(JobState.CANCELLED, now);
                if (future != null) {
                    outcome = job.outcome();
                }
            }
        } finally {
            queue.lock.unlock();
        }
        finisher.finished(new Finished(job, null, future, outcome), now);
        return true;
    }

    @Override
    public Optional<JobInfo> find(JobId id) {
        checkOpen();
        Objects.requireNonNull(id, "id == null");
        JobRecord job = jobs.get(id);
        if (job == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        synchronized (job) {
            if (job.isFinished() && finished.isExpired(job, now)) {
                return Optional.empty();
            }
            return Optional.of(job.info(now));
        }
    }

    @Override
    public Optional<byte[]> arguments(JobId id) {
        checkOpen();
        Objects.requireNonNull(id, "id == null");
        JobRecord job = jobs.get(id);
        if (job == null) {
            return Optional.empty();
        }
        synchronized (job) {
            if (job.payload == null || (job.isFinished() && finished.isExpired(job, clock.instant()))) {
                return Optional.empty();
            }
            return Optional.of(job.payload.clone());
        }
    }

    /** One pass over every kept job: memory holds a bounded history, so this costs about as much as queueStats(). */
    @Override
    public List<FinishedStats> finishedStats(Instant succeededSince) {
        checkOpen();
        Objects.requireNonNull(succeededSince, "succeededSince == null");
        Instant now = clock.instant();
        FinishedCounts counts = new FinishedCounts(succeededSince);
        jobs.forEach(job -> {
            synchronized (job) {
                if (job.isFinished() && !finished.isExpired(job, now)) {
                    counts.add(job.queue.name, job.state(), job.finishedAt());
                }
            }
        });
        return counts.result();
    }

    /** One pass over every kept job; finished jobs are skipped. */
    @Override
    public List<QueueStats> queueStats() {
        checkOpen();
        QueueCounts counts = new QueueCounts(clock.instant());
        jobs.forEach(job -> {
            synchronized (job) {
                counts.add(job.queue.name, job.state(), job.runAt);
            }
        });
        return counts.result();
    }

    @Override
    public void saveSchedule(Schedule schedule) {
        checkOpen();
        schedules.save(Objects.requireNonNull(schedule, "schedule == null"));
    }

    @Override
    public List<Schedule> schedules() {
        checkOpen();
        return schedules.all();
    }

    @Override
    public List<Schedule> dueSchedules(Instant now, int max) {
        checkOpen();
        return schedules.due(now, max);
    }

    @Override
    public boolean fireSchedule(String name, Instant expectedNext, Instant newNext, List<NewJob> runs) {
        checkOpen();
        return schedules.fire(name, expectedNext, newNext, runs);
    }

    @Override
    public boolean pauseSchedule(String name) {
        checkOpen();
        return schedules.pause(name);
    }

    @Override
    public boolean resumeSchedule(String name, Instant nextFire) {
        checkOpen();
        return schedules.resume(name, nextFire);
    }

    @Override
    public boolean deleteSchedule(String name) {
        checkOpen();
        return schedules.delete(name);
    }

    @Override
    public JobPage listJobs(JobQuery query) {
        checkOpen();
        return operations.list(Objects.requireNonNull(query, "query == null"));
    }

    @Override
    public boolean retry(JobId id) {
        checkOpen();
        return operations.retry(Objects.requireNonNull(id, "id == null"));
    }

    @Override
    public int retryDead(Optional<String> name, Optional<String> queue) {
        checkOpen();
        return operations.retryDead(checkName(name), checkQueue(queue));
    }

    @Override
    public boolean delete(JobId id) {
        checkOpen();
        return operations.delete(Objects.requireNonNull(id, "id == null"));
    }

    @Override
    public long purgeFinished(Instant finishedBefore) {
        checkOpen();
        return operations.purgeFinished(Objects.requireNonNull(finishedBefore, "finishedBefore == null"));
    }

    @Override
    public void pause(String queue) {
        checkOpen();
        operations.pause(Names.checkQueue(queue));
    }

    @Override
    public void resume(String queue) {
        checkOpen();
        operations.resume(Names.checkQueue(queue));
    }

    @Override
    public Set<String> pausedQueues() {
        checkOpen();
        return operations.paused();
    }

    @Override
    public CompletableFuture<Outcome> outcome(JobId id) {
        checkOpen();
        Objects.requireNonNull(id, "id == null");
        JobRecord job = jobs.get(id);
        if (job == null) {
            return CompletableFuture.failedFuture(unknown(id));
        }
        Instant now = clock.instant();
        CompletableFuture<Outcome> future;
        synchronized (job) {
            if (job.state().isFinal()) {
                return finished.isExpired(job, now)
                        ? CompletableFuture.failedFuture(unknown(id))
                        : CompletableFuture.completedFuture(job.outcome());
            }
            if (job.future == null) {
                job.future = new CompletableFuture<>();
            }
            future = job.future;
        }
        // A copy per caller: one caller's cancel() or orTimeout() must not end the others' wait.
        return future.copy();
    }

    private NoSuchElementException unknown(JobId id) {
        return new NoSuchElementException("no job " + id + " in the memory backend: it never existed here, or it"
                + " finished longer ago than its retention (" + settings.retention() + ") or before the newest "
                + settings.maxFinished() + " finished jobs (" + MemoryKeys.MAX_FINISHED
                + ")");
    }

    /** Stops the backend: idle workers return, pending outcomes fail, and every later call throws. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        idle.wakeUpAll();
        jobs.forEach(job -> {
            CompletableFuture<Outcome> future;
            synchronized (job) {
                future = job.future;
                job.future = null;
            }
            if (future != null) {
                future.completeExceptionally(new IllegalStateException("memory backend was closed before " + job
                        + " finished; it is lost, as the memory backend is not durable"));
            }
        });
    }

    private QueueState queue(String name) {
        QueueState queue = queues.get(name);
        return queue != null
                ? queue
                : queues.computeIfAbsent(name, n -> new QueueState(n, queueRanks.incrementAndGet()));
    }

    /** The known queues among {@code names}, in lock order. */
    private QueueState[] existingQueues(Set<String> names) {
        if (names.size() == 1) {
            QueueState queue =
                    queues.get(Objects.requireNonNull(names.iterator().next(), "queue name == null"));
            return queue == null ? new QueueState[0] : new QueueState[] {queue};
        }
        QueueState[] found = new QueueState[names.size()];
        int n = 0;
        for (String name : names) {
            QueueState queue = queues.get(Objects.requireNonNull(name, "queue name == null"));
            if (queue != null) {
                found[n++] = queue;
            }
        }
        found = n == found.length ? found : Arrays.copyOf(found, n);
        if (n > 1) {
            Arrays.sort(found, (a, b) -> Integer.compare(a.rank, b.rank));
        }
        return found;
    }

    private static void lockAll(QueueState[] selected) {
        for (QueueState queue : selected) {
            queue.lock.lock();
        }
    }

    private static void unlockAll(QueueState[] selected) {
        for (int i = selected.length - 1; i >= 0; i--) {
            selected[i].lock.unlock();
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name + " == null");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive but was " + d);
        }
    }

    private static Optional<String> checkName(Optional<String> name) {
        return Objects.requireNonNull(name, "name == null").map(Names::checkJobName);
    }

    private static Optional<String> checkQueue(Optional<String> queue) {
        return Objects.requireNonNull(queue, "queue == null").map(Names::checkQueue);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("memory backend is closed");
        }
    }

    // For this module's tests: sizes of the bounded structures.

    int keptJobs() {
        return jobs.size();
    }

    int keptFinished() {
        return finished.size();
    }

    int leaseIndexSize() {
        return running.leaseEntries();
    }

    long unfinished() {
        return admission.unfinished();
    }
}
