package dev.errand.backend.redis;

import dev.errand.backend.redis.ScriptCalls.Head;
import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.Names;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.Capability;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Completion;
import dev.errand.spi.ConnectionPool;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The Redis backend ({@code errand.backend=redis}): shared by every process that points at the
 * same Redis (or Redis Cluster) and prefix, and durable as far as the server's AOF settings go.
 *
 * <p>Every state change is one Lua script ({@link Script}, called through {@link ScriptCalls}) on
 * the keys of one queue, which share a hash tag ({@link Keys}), so each change is atomic and
 * touches one cluster slot. A job moves between sets inside a script and is never only in this
 * process's memory: a crash at any point leaves it queued, scheduled, or running under a lease that
 * {@link #recoverExpiredLeases()} recovers. Work that spans queues (a claim over several queues,
 * lease recovery) runs one script per queue. All times come from the injected clock and travel as
 * script arguments.
 */
public final class RedisBackend implements Backend {
    static final String NAME = "redis";

    private final Clock clock;
    private final RedisSettings settings;
    private final Keys keys;
    private final UnifiedJedis client;
    private final ScriptCalls scripts;
    private final RedisOperations operations;
    private final String clientChannel;
    private final Outcomes outcomes;
    private final Notifications notifications;
    private final RedisSchedules schedules;
    private final Set<String> registeredQueues = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A backend with the {@code errand.redis.*} settings of the context and its clock. */
    public RedisBackend(BackendContext context) {
        this(RedisSettings.from(context.config()), context.clock());
    }

    RedisBackend(RedisSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.keys = new Keys(settings.prefix());
        RedisConnector.Clients clients = RedisConnector.connect(settings, keys);
        this.client = clients.commands();
        ScriptRunner runner = new ScriptRunner(client, settings, clients.holding());
        this.scripts = new ScriptCalls(
                runner,
                keys,
                settings.retention().succeeded(),
                settings.retention().failed());
        this.schedules = new RedisSchedules(client, keys, scripts, clock, this::register);
        this.operations = new RedisOperations(client, keys, scripts, clock);
        this.clientChannel = keys.clientChannel(UUID.randomUUID().toString());
        try {
            if (!settings.cluster()) {
                runner.loadAll(Keys.bytes(keys.queues()));
            }
            this.outcomes =
                    new Outcomes(this::watch, this::unknownMessage, "errand-redis-outcomes-" + settings.prefix());
            this.notifications = new Notifications(
                    clients.pubSub(),
                    keys,
                    clientChannel,
                    outcomes::ended,
                    outcomes::recheckAll,
                    settings.timeout(),
                    outcomes.timer());
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static final Set<Capability> CAPABILITIES = Capability.withJobModel(Capability.SHARED, Capability.DURABLE);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public List<EnqueueResult> enqueue(List<NewJob> jobs) {
        checkOpen();
        Objects.requireNonNull(jobs, "jobs == null");
        Map<String, List<Integer>> byQueue = new LinkedHashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            NewJob job = jobs.get(i);
            if (job == null) {
                throw new NullPointerException("jobs[" + i + "] == null");
            }
            Names.checkJobName(job.name()); // all checked before anything is stored
            if (job.uniqueKey() != null) {
                Names.checkUniqueKey(job.uniqueKey());
            }
            byQueue.computeIfAbsent(Names.checkQueue(job.queue()), q -> new ArrayList<>())
                    .add(i);
        }
        Instant now = clock.instant();
        if (byQueue.size() == 1 && jobs.size() <= Batches.CHUNK) { // the usual call: one queue, one script call
            String queue = byQueue.keySet().iterator().next();
            register(queue);
            return Collections.unmodifiableList(scripts.enqueue(queue, jobs, now));
        }
        EnqueueResult[] results = new EnqueueResult[jobs.size()];
        for (Map.Entry<String, List<Integer>> entry : byQueue.entrySet()) {
            String queue = entry.getKey();
            register(queue);
            for (List<Integer> chunk : Batches.chunks(entry.getValue())) {
                List<EnqueueResult> stored =
                        scripts.enqueue(queue, chunk.stream().map(jobs::get).toList(), now);
                for (int k = 0; k < chunk.size(); k++) {
                    results[chunk.get(k)] = stored.get(k);
                }
            }
        }
        return Collections.unmodifiableList(Arrays.asList(results));
    }

    /** Records the queue in {@code {prefix}:queues} (once per instance) before its first job is stored. */
    private void register(String queue) {
        if (!registeredQueues.contains(queue)) {
            client.sadd(keys.queues(), queue);
            registeredQueues.add(queue);
        }
    }

    @Override
    public List<ClaimedJob> claim(Set<String> queues, int max, String owner, Duration leaseDuration) {
        checkOpen();
        Objects.requireNonNull(queues, "queues == null");
        Objects.requireNonNull(owner, "owner == null");
        requirePositive(leaseDuration, "leaseDuration");
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1 but was " + max);
        }
        Instant now = clock.instant();
        Instant leaseUntil = now.plus(leaseDuration);
        if (queues.size() == 1) {
            return scripts.claim(queue(queues.iterator().next()), owner, max, now, leaseUntil);
        }
        List<ClaimedJob> claimed = new ArrayList<>();
        for (Map.Entry<String, Integer> take : pick(queues, max, now).entrySet()) {
            claimed.addAll(scripts.claim(take.getKey(), owner, take.getValue(), now, leaseUntil));
        }
        claimed.sort(Comparator.comparingInt(ClaimedJob::priority).reversed().thenComparing(ClaimedJob::runAt));
        return Collections.unmodifiableList(claimed);
    }

    /** How many jobs to take from each queue: the first {@code max} ready jobs across them, in claim order. */
    private Map<String, Integer> pick(Set<String> queues, int max, Instant now) {
        List<Head> heads = new ArrayList<>();
        for (String name : queues) {
            heads.addAll(scripts.peek(queue(name), max, now));
        }
        heads.sort(Comparator.comparingLong(Head::score).thenComparing(Head::member));
        Map<String, Integer> take = new LinkedHashMap<>();
        heads.stream().limit(max).forEach(h -> take.merge(h.queue(), 1, Integer::sum));
        return take;
    }

    @Override
    public void awaitWork(Set<String> queues, Duration maxWait) throws InterruptedException {
        checkOpen();
        Objects.requireNonNull(queues, "queues == null");
        Objects.requireNonNull(maxWait, "maxWait == null");
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before awaiting work on " + queues);
        }
        if (maxWait.isNegative() || maxWait.isZero() || queues.isEmpty()) {
            return;
        }
        queues.forEach(RedisBackend::queue);
        long deadline = System.nanoTime() + maxWait.toNanos();
        long wakeAll = notifications.wakeAllCount();
        if (!notifications.awaitSubscribed(queues, wakeAll, deadline)) {
            return; // no pub/sub yet (or a wake-up): let the worker look for work itself
        }
        Map<String, Long> seen = notifications.generations(queues);
        Instant now = clock.instant();
        long earliest = Long.MAX_VALUE;
        for (String queue : queues) {
            Optional<Instant> due = scripts.probe(queue, now);
            if (due.isPresent()) {
                if (!due.get().isAfter(now)) {
                    return;
                }
                earliest = Math.min(earliest, RedisValues.micros(due.get()));
            }
        }
        if (earliest != Long.MAX_VALUE) {
            // +1 ms so the job is due on return
            long untilDue = Math.max(0, earliest - RedisValues.micros(now)) * 1000L + 1_000_000L;
            deadline = Math.min(deadline, System.nanoTime() + untilDue);
        }
        notifications.await(seen, wakeAll, deadline);
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while awaiting work on " + queues);
        }
    }

    @Override
    public void wakeUp() {
        notifications.wakeUpAll();
    }

    @Override
    public boolean complete(Lease lease, byte[] result) {
        checkOpen();
        Objects.requireNonNull(lease, "lease == null");
        Optional<JobRef> ref = JobRef.parse(lease.id());
        if (ref.isEmpty()) {
            return false;
        }
        return scripts.complete(ref.get(), lease, result, clock.instant());
    }

    /** One script call per queue (and per {@link Batches#CHUNK} jobs) for the whole batch. */
    @Override
    public List<Boolean> completeAll(List<Completion> completions) {
        checkOpen();
        Objects.requireNonNull(completions, "completions == null");
        Boolean[] held = new Boolean[completions.size()];
        Arrays.fill(held, Boolean.FALSE);
        // Each lease id parsed once: the grouping and the script's arguments use the same JobRef.
        JobRef[] refs = new JobRef[completions.size()];
        Map<String, List<Integer>> byQueue = new LinkedHashMap<>();
        for (int i = 0; i < completions.size(); i++) {
            Completion c = Objects.requireNonNull(completions.get(i), "completion == null");
            refs[i] = JobRef.parse(c.lease().id()).orElse(null);
            if (refs[i] != null) {
                byQueue.computeIfAbsent(refs[i].queue(), q -> new ArrayList<>()).add(i);
            }
        }
        Instant now = clock.instant();
        for (Map.Entry<String, List<Integer>> group : byQueue.entrySet()) {
            for (List<Integer> chunk : Batches.chunks(group.getValue())) {
                List<JobRef> jobs = new ArrayList<>(chunk.size());
                List<Completion> done = new ArrayList<>(chunk.size());
                for (int i : chunk) {
                    jobs.add(refs[i]);
                    done.add(completions.get(i));
                }
                List<Boolean> flags = scripts.completeAll(group.getKey(), jobs, done, now);
                for (int k = 0; k < chunk.size(); k++) {
                    held[chunk.get(k)] = flags.get(k);
                }
            }
        }
        return Arrays.asList(held);
    }

    @Override
    public boolean fail(Lease lease, JobError error, Instant retryAt) {
        checkOpen();
        Objects.requireNonNull(lease, "lease == null");
        Objects.requireNonNull(error, "error == null");
        Optional<JobRef> ref = JobRef.parse(lease.id());
        if (ref.isEmpty()) {
            return false;
        }
        return scripts.fail(ref.get(), lease, error, retryAt, clock.instant());
    }

    @Override
    public Set<JobId> renew(Collection<Lease> leases, Duration leaseDuration) {
        checkOpen();
        Objects.requireNonNull(leases, "leases == null");
        requirePositive(leaseDuration, "leaseDuration");
        Set<JobId> lost = new HashSet<>();
        Instant leaseUntil = clock.instant().plus(leaseDuration);
        Map<String, List<Lease>> byQueue =
                Batches.byQueue(leases, RedisBackend::leaseId, invalid -> lost.add(invalid.id()));
        for (Map.Entry<String, List<Lease>> group : byQueue.entrySet()) {
            for (List<Lease> chunk : Batches.chunks(group.getValue())) {
                lost.addAll(scripts.renew(group.getKey(), chunk, leaseUntil));
            }
        }
        return lost;
    }

    @Override
    public void release(Collection<Lease> leases) {
        checkOpen();
        Objects.requireNonNull(leases, "leases == null");
        for (Map.Entry<String, List<Lease>> group :
                Batches.byQueue(leases, RedisBackend::leaseId, l -> {}).entrySet()) {
            for (List<Lease> chunk : Batches.chunks(group.getValue())) {
                scripts.release(group.getKey(), chunk);
            }
        }
    }

    @Override
    public int recoverExpiredLeases() {
        checkOpen();
        Instant now = clock.instant();
        int recovered = 0;
        for (String queue : client.smembers(keys.queues())) {
            if (!Names.isQueue(queue)) {
                continue;
            }
            for (int round = 0; round < 100; round++) { // bounded: at most 100 000 leases per queue per call
                int n = scripts.recover(queue, now);
                recovered += n;
                if (n < ScriptCalls.RECOVER_LIMIT) {
                    break;
                }
            }
        }
        return recovered;
    }

    @Override
    public boolean leadMaintenance(String owner, Duration term) {
        checkOpen();
        Objects.requireNonNull(owner, "owner == null");
        requirePositive(term, "term");
        return scripts.leadMaintenance(owner, clock.instant(), term);
    }

    @Override
    public void resignMaintenance(String owner) {
        checkOpen();
        Objects.requireNonNull(owner, "owner == null");
        scripts.resignMaintenance(owner);
    }

    @Override
    public boolean cancel(JobId id) {
        checkOpen();
        Objects.requireNonNull(id, "id == null");
        Optional<JobRef> ref = JobRef.parse(id);
        if (ref.isEmpty()) {
            return false;
        }
        return scripts.cancel(ref.get(), clock.instant());
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
        return operations.retryDead(
                Objects.requireNonNull(name, "name == null").map(Names::checkJobName),
                Objects.requireNonNull(queue, "queue == null").map(Names::checkQueue));
    }

    @Override
    public boolean delete(JobId id) {
        checkOpen();
        return operations.delete(Objects.requireNonNull(id, "id == null"));
    }

    @Override
    public long purgeFinished(Instant finishedBefore) {
        checkOpen();
        return operations.purge(Objects.requireNonNull(finishedBefore, "finishedBefore == null"));
    }

    /** Drops finished jobs whose hash expired from the listing indexes; the hashes themselves expire by TTL. */
    @Override
    public void pruneFinished() {
        checkOpen();
        operations.prune();
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

    /** The job hash's field holding the encoded arguments (see {@code enqueue.lua}). */
    private static final byte[] PAYLOAD_FIELD = {'d'};

    @Override
    public Optional<JobInfo> find(JobId id) {
        return readJob(
                id,
                (ref, key) ->
                        JobHash.info(ref, client.hgetAll(key), clock.instant()).orElse(null));
    }

    /**
     * Reads from the hash of the job {@code id} names; empty for an id that names no job here, or when {@code read}
     * gives null. A read is safe to send again, so it is, once, on a fresh connection.
     */
    private <T> Optional<T> readJob(JobId id, java.util.function.BiFunction<JobRef, byte[], T> read) {
        checkOpen();
        Objects.requireNonNull(id, "id == null");
        Optional<JobRef> ref = JobRef.parse(id);
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        byte[] key = keys.job(ref.get());
        try {
            return Optional.ofNullable(read.apply(ref.get(), key));
        } catch (JedisConnectionException e) {
            return Optional.ofNullable(read.apply(ref.get(), key));
        }
    }

    /** The queues that ever had a job ({@code {prefix}:queues}), sorted; a member that is no queue name is left out. */
    private List<String> knownQueues() {
        return new java.util.TreeSet<>(client.smembers(keys.queues()))
                .stream().filter(Names::isQueue).toList();
    }

    /** One read-only script per queue that ever had a job ({@code {prefix}:queues}); queues without unfinished jobs are left out. */
    @Override
    public List<QueueStats> queueStats() {
        checkOpen();
        Instant now = clock.instant();
        List<QueueStats> stats = new ArrayList<>();
        for (String queue : knownQueues()) {
            QueueStats s = scripts.stats(queue, now);
            if (s.total() > 0) {
                stats.add(s);
            }
        }
        return List.copyOf(stats);
    }

    @Override
    public Optional<byte[]> arguments(JobId id) {
        return readJob(id, (ref, key) -> client.hget(key, PAYLOAD_FIELD));
    }

    /**
     * One read-only script per queue that ever had a job, reading the state of each kept dead or cancelled job and
     * the queue's per-minute counts of succeeded jobs: {@code succeededSince} counts from the start of its minute.
     */
    @Override
    public List<FinishedStats> finishedStats(Instant succeededSince) {
        checkOpen();
        Objects.requireNonNull(succeededSince, "succeededSince == null");
        List<FinishedStats> stats = new ArrayList<>();
        for (String queue : knownQueues()) {
            scripts.finished(queue, succeededSince).ifPresent(stats::add);
        }
        return List.copyOf(stats);
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
        return schedules.due(Objects.requireNonNull(now, "now == null"), max);
    }

    @Override
    public boolean fireSchedule(String name, Instant expectedNext, Instant newNext, List<NewJob> runs) {
        checkOpen();
        return schedules.fire(name, expectedNext, newNext, runs) != null;
    }

    @Override
    public boolean pauseSchedule(String name) {
        checkOpen();
        return schedules.change(name, "pause", null);
    }

    @Override
    public boolean resumeSchedule(String name, Instant nextFire) {
        checkOpen();
        return schedules.change(name, "resume", Objects.requireNonNull(nextFire, "nextFire == null"));
    }

    @Override
    public boolean deleteSchedule(String name) {
        checkOpen();
        return schedules.change(name, "delete", null);
    }

    @Override
    public CompletableFuture<Outcome> outcome(JobId id) {
        checkOpen();
        Objects.requireNonNull(id, "id == null");
        Optional<JobRef> ref = JobRef.parse(id);
        return ref.isEmpty()
                ? CompletableFuture.failedFuture(new NoSuchElementException(unknownMessage(id)))
                : outcomes.outcome(ref.get());
    }

    /** The outcome of a job if it ended; else this instance's channel is told when it does (unless closed). */
    private ScriptCalls.Watched watch(JobRef ref) {
        return scripts.watch(ref, closed ? null : clientChannel);
    }

    private String unknownMessage(JobId id) {
        return "no job " + id + " in Redis at " + settings.endpoint() + " under prefix " + settings.prefix()
                + ": it never existed there, or it finished longer ago than its retention (" + settings.retention()
                + ")";
    }

    /** Wakes idle workers, fails pending outcomes, stops the pub/sub thread and closes the connections. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        notifications.wakeUpAll();
        try {
            notifications.close();
            outcomes.close();
        } finally {
            client.close();
        }
    }

    /** The command pool (per node on a cluster); the pub/sub connection is not from it. */
    @Override
    public Optional<ConnectionPool> connectionPool() {
        return Optional.of(new ConnectionPool(
                RedisSettings.POOL_MAX_TOTAL,
                settings.poolMaxTotal(),
                RedisSettings.RESERVED_CONNECTIONS,
                !settings.poolMaxTotalSet()));
    }

    /** {@link System#nanoTime()} when the pub/sub connection was last (re)subscribed; for this module's tests. */
    long subscribedSinceForTests() {
        return notifications.subscribedSince();
    }

    private static JobId leaseId(Lease lease) {
        return Objects.requireNonNull(lease, "lease == null").id();
    }

    private static String queue(String name) {
        return Names.checkQueue(Objects.requireNonNull(name, "queue name == null"));
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name + " == null");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive but was " + d);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("redis backend is closed");
        }
    }
}
