package dev.errand.backend.redis;

import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.job.Names;
import dev.errand.spi.JobCursor;
import dev.errand.spi.JobPage;
import dev.errand.spi.JobQuery;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import redis.clients.jedis.UnifiedJedis;

/**
 * The operator's side of the Redis backend. A listing asks each queue in scope for its part of the page
 * ({@code list.lua}, along one of the queue's listing indexes from the cursor) and merges them in the order
 * (enqueue time, queue, number). A filter of dead and/or cancelled jobs walks their own indexes ({@code :dead},
 * {@code :cancelled}), so every job it reads matches; any other filter walks {@code :all} and reads the queue's jobs
 * until the page is full, so on a queue of many jobs that few match it reads many. Retrying every dead job walks each queue's dead and cancelled jobs
 * ({@code :gone}), purging walks all its jobs ({@code :all}), {@link ScriptCalls#WALK_LIMIT} per call. Paused queues are the set {@code {prefix}:paused}.
 */
final class RedisOperations {
    private static final Comparator<JobInfo> OLDEST_FIRST = Comparator.<JobInfo>comparingLong(
                    j -> JobCursor.micros(j.enqueuedAt()))
            .thenComparing(JobInfo::queue)
            .thenComparingLong(j -> JobRef.parse(j.id()).orElseThrow().n());

    private final UnifiedJedis client;
    private final Keys keys;
    private final ScriptCalls scripts;
    private final Clock clock;

    RedisOperations(UnifiedJedis client, Keys keys, ScriptCalls scripts, Clock clock) {
        this.client = client;
        this.keys = keys;
        this.scripts = scripts;
        this.clock = clock;
    }

    /** The queues that ever had a job, valid names only, sorted. */
    Set<String> queues() {
        return client.smembers(keys.queues()).stream()
                .filter(Names::isQueue)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    JobPage list(JobQuery query) {
        Instant now = clock.instant();
        Optional<JobRef> after = query.after()
                .map(c -> JobRef.parse(c.id())
                        .orElseThrow(() -> new IllegalArgumentException("cursor names job id '" + c.id()
                                + "', which is not an id of the redis backend; pass the cursor of a"
                                + " listing from this backend")));
        boolean desc = query.isNewestFirst();
        List<JobInfo> found = new ArrayList<>();
        for (String queue : query.queue().map(Set::of).orElseGet(this::queues)) {
            Long from = query.enqueuedFrom().map(JobCursor::micros).orElse(null);
            Long before = query.enqueuedBefore().map(JobCursor::micros).orElse(null);
            String bound =
                    desc ? (from == null ? "-inf" : Long.toString(from)) : (before == null ? "+inf" : "(" + before);
            Long start = desc ? (before == null ? null : before - 1) : from;
            String skipRule = "none";
            String skipMember = "";
            if (after.isPresent()) {
                long cm = query.after().get().enqueuedAtMicros();
                if (start == null || (desc ? cm <= start : cm >= start)) {
                    start = cm;
                    int c = queue.compareTo(after.get().queue());
                    if (c == 0) {
                        skipRule = desc ? "ge" : "le";
                        skipMember = String.format("%012d", after.get().n());
                    } else if (desc ? c > 0 : c < 0) {
                        skipRule = desc ? "ge" : "le";
                        skipMember = desc ? "" : "z"; // every member at the cursor's time
                    }
                }
            }
            String startText = start != null ? Long.toString(start) : desc ? "+inf" : "-inf";
            for (Map.Entry<String, String> index : indexes(query.states()).entrySet()) {
                found.addAll(scripts.list(
                        queue,
                        now,
                        desc,
                        startText,
                        skipRule,
                        skipMember,
                        bound,
                        query.limit() + 1,
                        query.name().orElse(""),
                        index.getValue(),
                        index.getKey()));
            }
        }
        found.sort(desc ? OLDEST_FIRST.reversed() : OLDEST_FIRST);
        return JobPage.of(
                found.size() > query.limit() + 1 ? found.subList(0, query.limit() + 1) : found, query.limit());
    }

    /**
     * The listing indexes to walk for a state filter, each with the states to keep from it: a filter of dead and/or
     * cancelled jobs walks their own indexes, any other the queue's {@code :all}.
     */
    private static Map<String, String> indexes(Set<JobState> states) {
        if (states.isEmpty() || !ScriptCalls.INDEXED_STATES.containsAll(states)) {
            return Map.of("all", states.stream().map(JobState::name).sorted().collect(Collectors.joining(",")));
        }
        return states.stream().collect(Collectors.toMap(ScriptCalls::stateIndex, JobState::name));
    }

    boolean retry(JobId id) {
        Optional<JobRef> ref = JobRef.parse(id);
        if (ref.isEmpty()) {
            return false;
        }
        ScriptCalls.Verdict v = scripts.retry(ref.get(), clock.instant());
        return switch ((int) v.code()) {
            case 1 -> true;
            case 0 -> false;
            case 2 ->
                throw new IllegalStateException("cannot retry job " + id + ": it is " + v.detail()
                        + ", and only DEAD or CANCELLED jobs can be retried; cancel a waiting job, or wait for a running"
                        + " one to finish");
            default ->
                throw new IllegalStateException(
                        "cannot retry job " + id + ": job " + ref.get().queue() + ":" + v.detail()
                                + " holds its unique key; wait for that job to finish, or delete it");
        };
    }

    int retryDead(Optional<String> name, Optional<String> queue) {
        long total = 0;
        for (String q : queue.map(Set::of).orElseGet(this::queues)) {
            ScriptCalls.Walk walk = new ScriptCalls.Walk(0, ScriptCalls.Walk.START, 0, ScriptCalls.WALK_LIMIT);
            while (walk.examined() == ScriptCalls.WALK_LIMIT) {
                walk = scripts.retryDead(q, name.orElse(""), clock.instant(), walk);
                total += walk.done();
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    boolean delete(JobId id) {
        Optional<JobRef> ref = JobRef.parse(id);
        if (ref.isEmpty()) {
            return false;
        }
        ScriptCalls.Verdict v = scripts.delete(ref.get());
        if (v.code() == 2) {
            throw new IllegalStateException("cannot delete job " + id + ": worker " + v.detail() + " is running it;"
                    + " wait for it to finish, then delete it");
        }
        return v.code() == 1;
    }

    long purge(Instant before) {
        long total = 0;
        for (String q : queues()) {
            ScriptCalls.Walk walk = new ScriptCalls.Walk(0, ScriptCalls.Walk.START, 0, ScriptCalls.WALK_LIMIT);
            while (walk.examined() == ScriptCalls.WALK_LIMIT) {
                walk = scripts.purge(q, before, walk);
                total += walk.done();
            }
        }
        return total;
    }

    /**
     * Drops expired finished jobs from every queue's listing indexes (maintenance): each call walks on through at
     * most {@code 10 * PRUNE_LIMIT} entries per queue, so a long index is walked over several maintenance rounds.
     */
    void prune() {
        Instant now = clock.instant();
        for (String q : queues()) {
            for (int round = 0; round < 10 && scripts.prune(q, now) >= ScriptCalls.PRUNE_LIMIT; round++) {
                // bounded per call
            }
        }
    }

    void pause(String queue) {
        client.sadd(keys.paused(), queue);
    }

    void resume(String queue) {
        client.srem(keys.paused(), queue);
    }

    Set<String> paused() {
        return client.smembers(keys.paused()).stream().filter(Names::isQueue).collect(Collectors.toUnmodifiableSet());
    }
}
