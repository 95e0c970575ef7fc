package dev.errand.backend.gearman;

import dev.errand.backend.gearman.admin.AdminClient;
import dev.errand.backend.gearman.admin.FunctionStatus;
import dev.errand.backend.gearman.worker.WorkerSlots;
import dev.errand.job.JobDefinition;
import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.Names;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.Capability;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.Lease;
import dev.errand.spi.NewJob;
import dev.errand.spi.Outcome;
import dev.errand.spi.QueueStats;
import dev.errand.spi.Schedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code errand.backend=gearman}: Errand as a Gearman client and worker of real gearmand servers (ADAPTERS.md §2).
 * gearmand keeps jobs in memory and forgets them when they end, so this backend declares {@code SHARED},
 * {@code RESULTS} and {@code CANCEL} only, and refuses at call time what it cannot do.
 */
public final class GearmanBackend implements Backend {
    public static final String NAME = "gearman";
    private static final Logger log = LoggerFactory.getLogger(GearmanBackend.class);
    private static final Set<Capability> CAPABILITIES =
            Collections.unmodifiableSet(EnumSet.of(Capability.SHARED, Capability.RESULTS, Capability.CANCEL));
    /** With {@code errand.gearman.epoch=true}: background jobs may wait for their run time. */
    private static final Set<Capability> WITH_EPOCH = Collections.unmodifiableSet(
            EnumSet.of(Capability.SHARED, Capability.RESULTS, Capability.CANCEL, Capability.SCHEDULING));

    private final GearmanSettings settings;
    private final Clock clock;
    private final GearmanClient client;
    private final Map<String, WorkerSlots> workers = new ConcurrentHashMap<>();
    /** Counts {@link #wakeUp} calls: a waiting fetcher returns when it changes. */
    private final AtomicLong wakeUps = new AtomicLong();
    /**
     * The worker whose jobs the calling thread last claimed: the runtime's fetcher claims, then waits, on one thread,
     * and waits by reading that worker's connections.
     */
    private final ThreadLocal<WorkerSlots> claimer = new ThreadLocal<>();
    /** What a fetcher waits on while no worker serves its queues: a registration or a wake-up ends the wait. */
    private final Object noWorkerYet = new Object();

    public GearmanBackend(BackendContext context) {
        this(GearmanSettings.from(context.config()), context.clock());
    }

    public GearmanBackend(GearmanSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.client = new GearmanClient(settings, clock);
    }

    public GearmanSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Capability> capabilities() {
        return settings.epoch() ? WITH_EPOCH : CAPABILITIES;
    }

    @Override
    public String instead(Capability missing) {
        return switch (missing) {
            case SCHEDULING ->
                "gearmand runs a job as soon as a worker is free: enqueue it when it should run, or set "
                        + "errand.gearman.epoch=true to have gearmand hold background jobs until their time "
                        + "(SUBMIT_JOB_EPOCH, whole seconds, normal priority)";
            case QUEUES -> "Gearman routes by function name (the @Job name): leave out queue(...)";
            case PER_CALL_MAX_ATTEMPTS ->
                "the Java worker's @Job(maxAttempts) decides (inline retries): leave out maxAttempts(...)";
            case BACKGROUND_OUTCOMES ->
                "gearmand forgets background jobs when they end: submit() or call() the job to await its outcome, or "
                        + "look at it with job(id) while it is queued or running";
            case OPERATIONS ->
                "gearmand keeps no list of jobs, no finished or dead jobs and no paused queues, only the waiting and"
                        + " running jobs of each function (its status): read those with queueStats() or `errand queues`";
            case RESULTS, CANCEL, DURABLE, SHARED, TRANSACTIONAL_ENQUEUE, HEADERS -> null;
        };
    }

    @Override
    public List<EnqueueResult> enqueue(List<NewJob> jobs) {
        return client.submit(jobs, false);
    }

    @Override
    public List<EnqueueResult> submit(List<NewJob> jobs) {
        return client.submit(jobs, true);
    }

    @Override
    public CompletableFuture<Outcome> outcome(JobId id) {
        return client.outcome(id);
    }

    @Override
    public Optional<JobInfo> find(JobId id) {
        return client.find(id);
    }

    @Override
    public boolean cancel(JobId id) {
        return client.cancel(id);
    }

    // Worker side.

    @Override
    public void registerWorker(String owner, Collection<JobDefinition<?>> jobs, Set<String> queues) {
        registerWorker(owner, jobs, queues, 1);
    }

    @Override
    public void registerWorker(String owner, Collection<JobDefinition<?>> jobs, Set<String> queues, int threads) {
        jobs.forEach(GearmanCodec::check);
        WorkerSlots slots = new WorkerSlots(owner, jobs, queues, threads, settings, clock, this::signal);
        WorkerSlots old = workers.put(owner, slots);
        if (old != null) {
            old.close();
        }
        notifyNoWorkerWaiters();
    }

    @Override
    public void unregisterWorker(String owner) {
        WorkerSlots slots = workers.remove(owner);
        if (slots != null) {
            slots.close();
        }
    }

    @Override
    public List<ClaimedJob> claim(Set<String> queues, int max, String owner, Duration leaseDuration) {
        WorkerSlots slots = workers.get(owner);
        if (slots == null) {
            throw new IllegalStateException("worker " + owner + " claims from the gearman backend without having "
                    + "registered its jobs (registerWorker): gearmand hands out only functions a worker announced");
        }
        if (claimer.get() != slots) {
            claimer.set(slots);
        }
        return slots.claim(max);
    }

    /**
     * A job's result asks for the next job on its connection: the job thread that ran it takes the answer. Not with
     * more than one connection per thread: there the other connection's grab has usually brought the thread's next job
     * already, and the fetcher hands that on as before.
     */
    @Override
    public boolean claimsNext() {
        return settings.connectionsPerThread() == 1;
    }

    @Override
    public List<ClaimedJob> claimNext(
            Lease finished, Set<String> queues, int max, String owner, Duration leaseDuration) {
        WorkerSlots slots = workers.get(owner);
        if (slots == null) {
            return List.of();
        }
        return slots.claimNext(finished, max > 0).map(List::of).orElse(List.of());
    }

    /**
     * Reads the calling fetcher's worker connections until gearmand assigns or wakes one, a retry or regrab comes due,
     * {@code maxWait} passes or {@link #wakeUp} is called. A thread that never claimed waits on the first worker that
     * serves {@code queues}, in steps of at most 10 ms, since other fetchers read the other workers; while no worker
     * serves them, until one is registered.
     */
    @Override
    public void awaitWork(Set<String> queues, Duration maxWait) throws InterruptedException {
        long generation = wakeUps.get();
        long deadline = System.nanoTime() + maxWait.toNanos();
        WorkerSlots mine = claimer.get();
        if (mine == null || !mine.serves(queues) || !workers.containsValue(mine)) {
            mine = null;
            for (WorkerSlots w : workers.values()) {
                if (w.serves(queues)) {
                    mine = w;
                    deadline = Math.min(deadline, System.nanoTime() + 10_000_000L);
                    break;
                }
            }
        }
        if (mine == null) {
            synchronized (noWorkerYet) {
                if (wakeUps.get() == generation && workers.values().stream().noneMatch(w -> w.serves(queues))) {
                    noWorkerYet.wait(Math.max(1, maxWait.toMillis()));
                }
            }
            return;
        }
        mine.await(
                deadline,
                () -> wakeUps.get() != generation || Thread.currentThread().isInterrupted());
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** Has every waiting fetcher look again (a retry's due time changed, a connection was lost). */
    private void signal() {
        for (WorkerSlots w : workers.values()) {
            w.wake();
        }
    }

    @Override
    public void wakeUp() {
        wakeUps.incrementAndGet();
        signal();
        notifyNoWorkerWaiters();
    }

    private void notifyNoWorkerWaiters() {
        synchronized (noWorkerYet) {
            noWorkerYet.notifyAll();
        }
    }

    @Override
    public boolean complete(Lease lease, byte[] result) {
        // No signal: the grab sent with the result brings an answer to the job thread (claimNext) or the fetcher.
        WorkerSlots w = workers.get(lease.owner());
        return w != null && w.complete(lease, result);
    }

    @Override
    public boolean fail(Lease lease, JobError error, Instant retryAt) {
        WorkerSlots w = workers.get(lease.owner());
        boolean held = w != null && w.fail(lease, error, retryAt);
        signal();
        return held;
    }

    @Override
    public Set<JobId> renew(Collection<Lease> leases, Duration leaseDuration) {
        Set<JobId> lost = new HashSet<>();
        for (Lease l : leases) {
            WorkerSlots w = workers.get(l.owner());
            if (w == null) {
                lost.add(l.id());
            } else {
                lost.addAll(w.lost(List.of(l)));
            }
        }
        return lost;
    }

    @Override
    public void release(Collection<Lease> leases) {
        for (Lease l : leases) {
            WorkerSlots w = workers.get(l.owner());
            if (w != null) {
                w.release(List.of(l));
            }
        }
    }

    /** gearmand re-queues the job of a worker whose connection drops: nothing to recover here. */
    @Override
    public int recoverExpiredLeases() {
        return 0;
    }

    @Override
    public List<QueueStats> queueStats() {
        Map<String, long[]> byFunction = new TreeMap<>();
        for (ServerAddress server : settings.servers()) {
            try (AdminClient admin = AdminClient.connect(server.host(), server.port(), settings.responseTimeout())) {
                for (FunctionStatus f : admin.status()) {
                    long[] sum = byFunction.computeIfAbsent(f.function(), k -> new long[2]);
                    sum[0] += f.total();
                    sum[1] += f.running();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot read the status of gearmand " + server + ": " + e.getMessage(), e);
            }
        }
        List<QueueStats> stats = new ArrayList<>();
        int skipped = 0;
        for (Map.Entry<String, long[]> e : byFunction.entrySet()) {
            long total = e.getValue()[0];
            long running = Math.min(total, e.getValue()[1]);
            if (total == 0) {
                continue;
            }
            if (!Names.isQueue(e.getKey())) {
                skipped++;
                continue;
            }
            stats.add(new QueueStats(e.getKey(), total - running, 0, running, 0, Optional.empty()));
        }
        if (skipped > 0) {
            log.info(
                    "{} gearmand functions with jobs are not listed: their names are not valid Errand queue names",
                    skipped);
        }
        return stats;
    }

    // Recurring jobs need a store that keeps schedules; gearmand keeps none.

    @Override
    public void saveSchedule(Schedule schedule) {
        throw new UnsupportedOperationException("the gearman backend cannot store recurring jobs: gearmand keeps no "
                + "schedules; run @Recurring jobs on the memory, jdbc or redis backend and have them submit to "
                + "Gearman");
    }

    @Override
    public void close() {
        for (String owner : List.copyOf(workers.keySet())) {
            unregisterWorker(owner);
        }
        client.close();
        wakeUp();
    }
}
