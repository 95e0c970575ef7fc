package dev.errand.backend.redis;

import dev.errand.JobError;
import dev.errand.JobId;
import dev.errand.JobInfo;
import dev.errand.Names;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.Capability;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Completion;
import dev.errand.spi.ConnectionPool;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.Lease;
import dev.errand.spi.NewJob;
import dev.errand.spi.Outcome;
import dev.errand.spi.QueueStats;
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
 * <p>Every state change is one Lua script ({@link Script}) on the keys of one queue, which share
 * a hash tag ({@link Keys}), so each change is atomic and touches one cluster slot. A job moves
 * between sets inside a script and is never only in this process's memory: a crash at any point
 * leaves it queued, scheduled, or running under a lease that {@link #recoverExpiredLeases()}
 * recovers. Work that spans queues (a claim over several queues, lease recovery) runs one script
 * per queue. All times come from the injected clock and travel as script arguments.
 */
public final class RedisBackend implements Backend {
    static final String NAME = "redis";
    /** Delayed jobs promoted per claim, and expired leases recovered per script call. */
    static final int PROMOTE_LIMIT = 1000;
    static final int RECOVER_LIMIT = 1000;

    private final Clock clock;
    private final RedisSettings settings;
    private final Keys keys;
    private final UnifiedJedis client;
    private final Scripts scripts;
    private final String clientChannel;
    private final Outcomes outcomes;
    private final Notifications notifications;
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
        this.scripts = new Scripts(client, settings);
        this.clientChannel = keys.clientChannel(UUID.randomUUID().toString());
        try {
            if (!settings.cluster()) {
                scripts.loadAll(Keys.bytes(keys.queues()));
            }
            this.outcomes = new Outcomes(this::watch, this::unknownMessage, "errand-redis-outcomes-" + settings.prefix());
            this.notifications = new Notifications(clients.pubSub(), keys, clientChannel, outcomes::ended, outcomes::recheckAll,
                    settings.timeout(), outcomes.timer());
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.SHARED, Capability.DURABLE);
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
            byQueue.computeIfAbsent(Names.checkQueue(job.queue()), q -> new ArrayList<>()).add(i);
        }
        EnqueueResult[] results = new EnqueueResult[jobs.size()];
        long now = RedisValues.micros(clock.instant());
        for (Map.Entry<String, List<Integer>> entry : byQueue.entrySet()) {
            String queue = entry.getKey();
            register(queue);
            List<Integer> indexes = entry.getValue();
            for (int from = 0; from < indexes.size(); from += Batches.CHUNK) {
                List<Integer> chunk = indexes.subList(from, Math.min(indexes.size(), from + Batches.CHUNK));
                List<byte[]> args = header(queue, RedisValues.num(now), RedisValues.text(keys.wakeChannel(queue)),
                        RedisValues.num(chunk.size()));
                for (int i : chunk) {
                    Batches.addJob(args, jobs.get(i));
                }
                List<?> reply = (List<?>) scripts.run(Script.ENQUEUE, keys.queueKeys(queue), args);
                for (int k = 0; k < chunk.size(); k++) {
                    JobRef ref = new JobRef(queue, RedisValues.number(reply.get(2 * k)));
                    results[chunk.get(k)] = new EnqueueResult(ref.id(), RedisValues.number(reply.get(2 * k + 1)) == 1);
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
        byte[] nowArg = RedisValues.num(RedisValues.micros(now));
        byte[] expiry = RedisValues.num(RedisValues.micros(now.plus(leaseDuration)));
        if (queues.size() == 1) {
            return claimFrom(queue(queues.iterator().next()), max, owner, nowArg, expiry);
        }
        List<ClaimedJob> claimed = new ArrayList<>();
        for (Map.Entry<String, Integer> take : pick(queues, max, nowArg).entrySet()) {
            claimed.addAll(claimFrom(take.getKey(), take.getValue(), owner, nowArg, expiry));
        }
        claimed.sort(Comparator.comparingInt(ClaimedJob::priority).reversed().thenComparing(ClaimedJob::runAt));
        return Collections.unmodifiableList(claimed);
    }

    private List<ClaimedJob> claimFrom(String queue, int max, String owner, byte[] now, byte[] expiry) {
        List<byte[]> args = header(queue, now, RedisValues.num(max), RedisValues.text(owner), expiry, RedisValues.num(PROMOTE_LIMIT));
        List<?> reply = (List<?>) scripts.run(Script.CLAIM, keys.queueKeys(queue), args);
        return reply.isEmpty() ? List.of() : Replies.claimed(queue, reply, owner);
    }

    /** How many jobs to take from each queue: the first {@code max} ready jobs across them, in claim order. */
    private Map<String, Integer> pick(Set<String> queues, int max, byte[] now) {
        record Head(String queue, long score, String member) {}
        List<Head> heads = new ArrayList<>();
        for (String name : queues) {
            String queue = queue(name);
            List<?> reply = (List<?>) scripts.run(Script.PEEK, keys.queueKeys(queue),
                    header(queue, now, RedisValues.num(max), RedisValues.num(PROMOTE_LIMIT)));
            for (int i = 0; i + 1 < reply.size(); i += 2) {
                heads.add(new Head(queue, RedisValues.number(reply.get(i + 1)), RedisValues.string(reply.get(i))));
            }
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
        long now = RedisValues.micros(clock.instant());
        long earliest = Long.MAX_VALUE;
        for (String queue : queues) {
            Object due = scripts.run(Script.PROBE, keys.queueKeys(queue), header(queue, RedisValues.num(now)));
            if (due instanceof Long code) {
                if (code == -1) {
                    return;
                }
            } else {
                earliest = Math.min(earliest, RedisValues.number(due));
            }
        }
        if (earliest != Long.MAX_VALUE) {
            long untilDue = Math.max(0, earliest - now) * 1000L + 1_000_000L; // +1 ms so the job is due on return
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
        String queue = ref.get().queue();
        List<byte[]> args = header(queue, RedisValues.text(ref.get().number()), RedisValues.text(lease.owner()),
                RedisValues.num(lease.attempt()), RedisValues.num(RedisValues.micros(clock.instant())), RedisValues.text(result == null ? "0" : "1"),
                result == null ? new byte[0] : result, RedisValues.num(settings.retention().succeeded().toMillis()));
        return RedisValues.number(scripts.run(Script.COMPLETE, keys.queueKeys(queue), args)) == 1;
    }

    /** One script call per queue (and per {@link Batches#CHUNK} jobs) for the whole batch. */
    @Override
    public List<Boolean> completeAll(List<Completion> completions) {
        checkOpen();
        Objects.requireNonNull(completions, "completions == null");
        Boolean[] held = new Boolean[completions.size()];
        Arrays.fill(held, Boolean.FALSE);
        Map<String, List<Integer>> byQueue = new LinkedHashMap<>();
        List<JobRef> refs = new ArrayList<>(completions.size());
        for (int i = 0; i < completions.size(); i++) {
            Completion c = Objects.requireNonNull(completions.get(i), "completion == null");
            JobRef ref = JobRef.parse(c.lease().id()).orElse(null);
            refs.add(ref);
            if (ref != null) {
                byQueue.computeIfAbsent(ref.queue(), q -> new ArrayList<>()).add(i);
            }
        }
        byte[] now = RedisValues.num(RedisValues.micros(clock.instant()));
        byte[] retention = RedisValues.num(settings.retention().succeeded().toMillis());
        for (Map.Entry<String, List<Integer>> group : byQueue.entrySet()) {
            String queue = group.getKey();
            List<Integer> all = group.getValue();
            for (int from = 0; from < all.size(); from += Batches.CHUNK) {
                List<Integer> chunk = all.subList(from, Math.min(all.size(), from + Batches.CHUNK));
                List<byte[]> args = header(queue, now, retention, RedisValues.num(chunk.size()));
                for (int i : chunk) {
                    Completion c = completions.get(i);
                    args.add(RedisValues.text(refs.get(i).number()));
                    args.add(RedisValues.text(c.lease().owner()));
                    args.add(RedisValues.num(c.lease().attempt()));
                    args.add(RedisValues.text(c.result() == null ? "0" : "1"));
                    args.add(c.result() == null ? new byte[0] : c.result());
                }
                List<?> flags = (List<?>) scripts.run(Script.COMPLETE_ALL, keys.queueKeys(queue), args);
                for (int k = 0; k < chunk.size(); k++) {
                    held[chunk.get(k)] = RedisValues.number(flags.get(k)) == 1;
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
        String queue = ref.get().queue();
        List<byte[]> args = header(queue, RedisValues.text(ref.get().number()), RedisValues.text(lease.owner()),
                RedisValues.num(lease.attempt()), RedisValues.num(RedisValues.micros(clock.instant())), RedisValues.errorRecord(error),
                retryAt == null ? new byte[0] : RedisValues.num(RedisValues.micros(retryAt)),
                RedisValues.num(settings.retention().failed().toMillis()), RedisValues.text(keys.wakeChannel(queue)));
        return RedisValues.number(scripts.run(Script.FAIL, keys.queueKeys(queue), args)) == 1;
    }

    @Override
    public Set<JobId> renew(Collection<Lease> leases, Duration leaseDuration) {
        checkOpen();
        Objects.requireNonNull(leases, "leases == null");
        requirePositive(leaseDuration, "leaseDuration");
        Set<JobId> lost = new HashSet<>();
        byte[] expiry = RedisValues.num(RedisValues.micros(clock.instant().plus(leaseDuration)));
        for (Map.Entry<String, List<Lease>> group : Batches.byQueue(leases, lost).entrySet()) {
            String queue = group.getKey();
            for (List<Lease> chunk : Batches.chunks(group.getValue())) {
                List<byte[]> args = header(queue, expiry, RedisValues.num(chunk.size()));
                Batches.addLeases(args, chunk);
                for (Object n : (List<?>) scripts.run(Script.RENEW, keys.queueKeys(queue), args)) {
                    lost.add(new JobRef(queue, RedisValues.number(n)).id());
                }
            }
        }
        return lost;
    }

    @Override
    public void release(Collection<Lease> leases) {
        checkOpen();
        Objects.requireNonNull(leases, "leases == null");
        for (Map.Entry<String, List<Lease>> group : Batches.byQueue(leases, new HashSet<>()).entrySet()) {
            String queue = group.getKey();
            for (List<Lease> chunk : Batches.chunks(group.getValue())) {
                List<byte[]> args = header(queue, RedisValues.text(keys.wakeChannel(queue)), RedisValues.num(chunk.size()));
                Batches.addLeases(args, chunk);
                scripts.run(Script.RELEASE, keys.queueKeys(queue), args);
            }
        }
    }

    @Override
    public int recoverExpiredLeases() {
        checkOpen();
        byte[] now = RedisValues.num(RedisValues.micros(clock.instant()));
        int recovered = 0;
        for (String queue : client.smembers(keys.queues())) {
            if (!Names.isQueue(queue)) {
                continue;
            }
            List<byte[]> args = header(queue, now, RedisValues.num(RECOVER_LIMIT), RedisValues.num(settings.retention().failed().toMillis()),
                    RedisValues.text(keys.wakeChannel(queue)));
            for (int round = 0; round < 100; round++) { // bounded: at most 100 000 leases per queue per call
                long n = RedisValues.number(scripts.run(Script.RECOVER, keys.queueKeys(queue), args));
                recovered += (int) n;
                if (n < RECOVER_LIMIT) {
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
        List<byte[]> args = List.of(RedisValues.text(owner), RedisValues.num(RedisValues.micros(clock.instant())),
                RedisValues.num(term.toNanos() / 1000));
        return RedisValues.number(scripts.run(Script.MAINTENANCE_LEAD, List.of(keys.maintenance()), args)) == 1;
    }

    @Override
    public void resignMaintenance(String owner) {
        checkOpen();
        Objects.requireNonNull(owner, "owner == null");
        scripts.run(Script.MAINTENANCE_RESIGN, List.of(keys.maintenance()), List.of(RedisValues.text(owner)));
    }

    @Override
    public boolean cancel(JobId id) {
        checkOpen();
        Objects.requireNonNull(id, "id == null");
        Optional<JobRef> ref = JobRef.parse(id);
        if (ref.isEmpty()) {
            return false;
        }
        String queue = ref.get().queue();
        List<byte[]> args = header(queue, RedisValues.text(ref.get().number()), RedisValues.num(RedisValues.micros(clock.instant())),
                RedisValues.num(settings.retention().failed().toMillis()));
        return RedisValues.number(scripts.run(Script.CANCEL, keys.queueKeys(queue), args)) == 1;
    }

    @Override
    public Optional<JobInfo> find(JobId id) {
        checkOpen();
        Objects.requireNonNull(id, "id == null");
        Optional<JobRef> ref = JobRef.parse(id);
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        byte[] key = keys.job(ref.get());
        Map<byte[], byte[]> hash;
        try {
            hash = client.hgetAll(key);
        } catch (JedisConnectionException e) {
            hash = client.hgetAll(key); // a read: safe to send again on a fresh connection
        }
        return Replies.info(ref.get(), hash, clock.instant());
    }

    /** One read-only script per queue that ever had a job ({@code {prefix}:queues}); queues without unfinished jobs are left out. */
    @Override
    public List<QueueStats> queueStats() {
        checkOpen();
        byte[] now = RedisValues.num(RedisValues.micros(clock.instant()));
        List<QueueStats> stats = new ArrayList<>();
        for (String queue : new java.util.TreeSet<>(client.smembers(keys.queues()))) {
            if (!Names.isQueue(queue)) {
                continue;
            }
            List<?> r = (List<?>) scripts.run(Script.STATS, keys.queueKeys(queue), header(queue, now));
            String oldest = RedisValues.string(r.get(4));
            QueueStats s = new QueueStats(queue, RedisValues.number(r.get(0)), RedisValues.number(r.get(1)), RedisValues.number(r.get(2)),
                    RedisValues.number(r.get(3)), oldest.isEmpty() ? Optional.empty() : Optional.of(RedisValues.instant(Long.parseLong(oldest))));
            if (s.total() > 0) {
                stats.add(s);
            }
        }
        return List.copyOf(stats);
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

    private Replies.Watched watch(JobRef ref) {
        List<byte[]> args = header(ref.queue(), RedisValues.text(ref.number()), RedisValues.text(closed ? "" : clientChannel));
        return Replies.watched(ref, (List<?>) scripts.run(Script.WATCH, keys.queueKeys(ref.queue()), args));
    }

    private String unknownMessage(JobId id) {
        return "no job " + id + " in Redis at " + settings.endpoint() + " under prefix " + settings.prefix()
                + ": it never existed there, or it finished longer ago than its retention (" + settings.retention() + ")";
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
        return Optional.of(new ConnectionPool(RedisSettings.POOL_MAX_TOTAL, settings.poolMaxTotal(),
                RedisSettings.RESERVED_CONNECTIONS, !settings.poolMaxTotalSet()));
    }

    /** {@link System#nanoTime()} when the pub/sub connection was last (re)subscribed; for this module's tests. */
    long subscribedSinceForTests() {
        return notifications.subscribedSince();
    }

    /** ARGV starts with the queue's tag base and the queue name; then the script's own values. */
    private List<byte[]> header(String queue, byte[]... rest) {
        List<byte[]> args = new ArrayList<>(2 + rest.length);
        args.add(RedisValues.text(keys.base(queue)));
        args.add(RedisValues.text(queue));
        args.addAll(Arrays.asList(rest));
        return args;
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
