package dev.errand.backend.redis;

import static dev.errand.backend.redis.RedisValues.instant;
import static dev.errand.backend.redis.RedisValues.micros;
import static dev.errand.backend.redis.RedisValues.num;
import static dev.errand.backend.redis.RedisValues.number;
import static dev.errand.backend.redis.RedisValues.string;
import static dev.errand.backend.redis.RedisValues.text;

import dev.errand.job.JobError;
import dev.errand.job.JobHeaders;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.job.MissedRuns;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Completion;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.FinishedStats;
import dev.errand.spi.Lease;
import dev.errand.spi.NewJob;
import dev.errand.spi.Outcome;
import dev.errand.spi.QueueStats;
import dev.errand.spi.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One method per Lua {@link Script}: each lays out the script's KEYS and ARGV in the order its
 * {@code .lua} file reads them, makes exactly one call through the {@link ScriptRunner}, and reads
 * the reply. Nothing else in this package knows where an argument goes or how a reply is laid out.
 *
 * <p>A queue script gets the five keys of {@link Keys#queueKeys} and, as ARGV[1] and ARGV[2], the
 * queue's tag base and its name (see {@code common.lua}), then the method's own values, in the order
 * the script's header comment lists them. Times travel as epoch microseconds of the backend's clock
 * ({@link RedisValues}). A batch method takes at most {@link Batches#CHUNK} items of one queue: one
 * call, one round trip, per batch.
 */
final class ScriptCalls {
    /** Delayed jobs promoted to the ready set per {@link #claim} or {@link #peek}. */
    static final int PROMOTE_LIMIT = 1000;
    /** Expired leases recovered per {@link #recover} call. */
    static final int RECOVER_LIMIT = 1000;

    private final ScriptRunner runner;
    private final Keys keys;
    private final byte[] succeededRetentionMs;
    private final byte[] failedRetentionMs;

    /**
     * @param succeededRetention how long a succeeded job's hash stays once it ended
     * @param failedRetention    how long a dead or cancelled job's hash stays once it ended
     */
    ScriptCalls(ScriptRunner runner, Keys keys, Duration succeededRetention, Duration failedRetention) {
        this.runner = runner;
        this.keys = keys;
        this.succeededRetentionMs = num(succeededRetention.toMillis());
        this.failedRetentionMs = num(failedRetention.toMillis());
    }

    /**
     * Stores new jobs of one queue ({@code enqueue.lua}) and wakes the queue's idle workers. A job
     * whose unique key an unfinished job of its name holds is not stored; its result names that job.
     *
     * @param jobs up to {@link Batches#CHUNK} jobs, all of {@code queue}
     * @return one result per job, in order
     */
    List<EnqueueResult> enqueue(String queue, List<NewJob> jobs, Instant now) {
        List<byte[]> args = argv(queue, time(now), text(keys.wakeChannel(queue)), num(jobs.size()));
        for (NewJob job : jobs) {
            addJob(args, job);
        }
        List<?> reply = (List<?>) run(Script.ENQUEUE, queue, args); // per job: number, 1 when a duplicate
        List<EnqueueResult> results = new ArrayList<>(jobs.size());
        for (int k = 0; k < jobs.size(); k++) {
            JobRef ref = new JobRef(queue, number(reply.get(2 * k)));
            results.add(new EnqueueResult(ref.id(), number(reply.get(2 * k + 1)) == 1));
        }
        return results;
    }

    /**
     * Leases up to {@code max} due jobs of the queue to {@code owner} ({@code claim.lua}), in claim
     * order: priority, then runAt, then enqueue order. Promotes due delayed jobs first
     * ({@link #PROMOTE_LIMIT}).
     */
    List<ClaimedJob> claim(String queue, String owner, int max, Instant now, Instant leaseUntil) {
        List<?> reply = (List<?>) run(
                Script.CLAIM,
                queue,
                argv(queue, time(now), num(max), text(owner), time(leaseUntil), num(PROMOTE_LIMIT)));
        if (reply.isEmpty()) {
            return List.of();
        }
        // Per job eleven values: n, attempt, name, priority, payload, fingerprint, maxAttempts, timeout ms,
        // enqueuedAt, runAt, headers.
        List<ClaimedJob> jobs = new ArrayList<>(reply.size() / 11);
        for (int i = 0; i + 11 <= reply.size(); i += 11) {
            JobRef ref = new JobRef(queue, number(reply.get(i)));
            int attempt = (int) number(reply.get(i + 1));
            jobs.add(new ClaimedJob(
                    ref.id(),
                    string(reply.get(i + 2)),
                    queue,
                    (int) number(reply.get(i + 3)),
                    (byte[]) reply.get(i + 4),
                    string(reply.get(i + 5)),
                    attempt,
                    (int) number(reply.get(i + 6)),
                    Duration.ofMillis(number(reply.get(i + 7))),
                    instant(number(reply.get(i + 8))),
                    instant(number(reply.get(i + 9))),
                    new Lease(ref.id(), owner, attempt),
                    true,
                    JobHeaders.decode(string(reply.get(i + 10)))));
        }
        return jobs;
    }

    /** A ready job of a queue: its ready-set score and member, which order jobs of all queues as a claim would. */
    record Head(String queue, long score, String member) {}

    /**
     * The first {@code max} ready jobs of the queue, without claiming them ({@code peek.lua}), for
     * a worker that picks across queues. Promotes due delayed jobs first ({@link #PROMOTE_LIMIT}).
     */
    List<Head> peek(String queue, int max, Instant now) {
        List<?> reply = (List<?>) run(Script.PEEK, queue, argv(queue, time(now), num(max), num(PROMOTE_LIMIT)));
        List<Head> heads = new ArrayList<>(reply.size() / 2);
        for (int i = 0; i + 1 < reply.size(); i += 2) { // member, score
            heads.add(new Head(queue, number(reply.get(i + 1)), string(reply.get(i))));
        }
        return heads;
    }

    /**
     * When the queue's next waiting job is due ({@code probe.lua}), for an idle worker: {@code now}
     * when one is due already, empty when the queue holds no waiting job.
     */
    Optional<Instant> probe(String queue, Instant now) {
        Object reply = run(Script.PROBE, queue, argv(queue, time(now)));
        if (reply instanceof Long code) { // -1: one is due now, -2: none waits
            return code == -1 ? Optional.of(now) : Optional.empty();
        }
        return Optional.of(instant(number(reply)));
    }

    /**
     * Marks the attempt {@code lease} holds SUCCEEDED with its result ({@code complete.lua}).
     *
     * @param result null when the job returns nothing
     * @return false when the lease was lost (nothing changed)
     */
    boolean complete(JobRef job, Lease lease, byte[] result, Instant now) {
        String queue = job.queue();
        List<byte[]> args = argv(
                queue,
                text(job.number()),
                text(lease.owner()),
                num(lease.attempt()),
                time(now),
                text(result == null ? "0" : "1"),
                result == null ? new byte[0] : result,
                succeededRetentionMs);
        return number(run(Script.COMPLETE, queue, args)) == 1;
    }

    /**
     * Completes many attempts of one queue as {@link #complete} does each, each fenced on its own
     * lease ({@code complete_all.lua}).
     *
     * @param jobs        the jobs the completions' leases name, parsed once by the caller, in the same order
     * @param completions up to {@link Batches#CHUNK}, all of jobs of {@code queue}
     * @return per completion, in order: false when its lease was lost
     */
    List<Boolean> completeAll(String queue, List<JobRef> jobs, List<Completion> completions, Instant now) {
        List<byte[]> args = argv(queue, time(now), succeededRetentionMs, num(completions.size()));
        for (int k = 0; k < completions.size(); k++) {
            Completion c = completions.get(k);
            addLease(args, jobs.get(k), c.lease());
            args.add(text(c.result() == null ? "0" : "1"));
            args.add(c.result() == null ? new byte[0] : c.result());
        }
        List<?> flags = (List<?>) run(Script.COMPLETE_ALL, queue, args);
        Boolean[] held = new Boolean[completions.size()];
        for (int k = 0; k < held.length; k++) {
            held[k] = number(flags.get(k)) == 1;
        }
        return Arrays.asList(held);
    }

    /**
     * Records the failed attempt {@code lease} holds ({@code fail.lua}): the job is then RETRYABLE
     * until {@code retryAt} (AVAILABLE, and the queue woken, when that is not after {@code now}).
     *
     * @param retryAt null: no retry, the job is DEAD
     * @return false when the lease was lost (nothing changed)
     */
    boolean fail(JobRef job, Lease lease, JobError error, Instant retryAt, Instant now) {
        String queue = job.queue();
        List<byte[]> args = argv(
                queue,
                text(job.number()),
                text(lease.owner()),
                num(lease.attempt()),
                time(now),
                RedisValues.errorRecord(error),
                retryAt == null ? new byte[0] : time(retryAt),
                failedRetentionMs,
                text(keys.wakeChannel(queue)));
        return number(run(Script.FAIL, queue, args)) == 1;
    }

    /**
     * Extends the leases still held to {@code leaseUntil} ({@code renew.lua}).
     *
     * @param leases up to {@link Batches#CHUNK}, all of jobs of {@code queue}
     * @return the jobs whose lease is no longer held
     */
    List<JobId> renew(String queue, List<Lease> leases, Instant leaseUntil) {
        List<byte[]> args = argv(queue, time(leaseUntil), num(leases.size()));
        leases.forEach(lease -> addLease(args, lease));
        List<?> lost = (List<?>) run(Script.RENEW, queue, args);
        List<JobId> ids = new ArrayList<>(lost.size());
        for (Object n : lost) {
            ids.add(new JobRef(queue, number(n)).id());
        }
        return ids;
    }

    /**
     * Hands the jobs of the leases still held back unrun ({@code release.lua}): AVAILABLE again,
     * the attempt not counted, the queue woken.
     *
     * @param leases up to {@link Batches#CHUNK}, all of jobs of {@code queue}
     */
    void release(String queue, List<Lease> leases) {
        List<byte[]> args = argv(queue, text(keys.wakeChannel(queue)), num(leases.size()));
        leases.forEach(lease -> addLease(args, lease));
        run(Script.RELEASE, queue, args);
    }

    /**
     * Recovers up to {@link #RECOVER_LIMIT} running jobs of the queue whose lease expired at or
     * before {@code now} ({@code recover.lua}): AVAILABLE with a LeaseExpired error, or DEAD after
     * their last attempt.
     *
     * @return how many; {@link #RECOVER_LIMIT} when more may be left
     */
    int recover(String queue, Instant now) {
        List<byte[]> args =
                argv(queue, time(now), num(RECOVER_LIMIT), failedRetentionMs, text(keys.wakeChannel(queue)));
        return (int) number(run(Script.RECOVER, queue, args));
    }

    /** Cancels a job that has not started ({@code cancel.lua}); false when it is running, ended or unknown. */
    boolean cancel(JobRef job, Instant now) {
        String queue = job.queue();
        return number(run(Script.CANCEL, queue, argv(queue, text(job.number()), time(now), failedRetentionMs))) == 1;
    }

    /** What {@link #watch} found. */
    sealed interface Watched permits Unknown, Pending, Finished {}

    record Unknown() implements Watched {}

    record Pending() implements Watched {}

    record Finished(Outcome outcome) implements Watched {}

    /**
     * The outcome of a job if it ended ({@code watch.lua}); else records {@code channel} on the job,
     * so the script that ends it publishes the job's id there.
     *
     * @param channel null: only look
     */
    Watched watch(JobRef job, String channel) {
        String queue = job.queue();
        List<?> reply = (List<?>)
                run(Script.WATCH, queue, argv(queue, text(job.number()), text(channel == null ? "" : channel)));
        String state = string(reply.get(0)); // then, for an ended job: result, last error record
        if ("UNKNOWN".equals(state)) {
            return new Unknown();
        }
        JobState s = JobHash.state(job, state);
        if (!s.isFinal()) {
            return new Pending();
        }
        return new Finished(
                switch (s) {
                    case SUCCEEDED -> Outcome.succeeded(job.id(), (byte[]) reply.get(1));
                    case DEAD ->
                        Outcome.dead(
                                job.id(), reply.get(2) == null ? null : RedisValues.jobError((byte[]) reply.get(2)));
                    default -> Outcome.cancelled(job.id());
                });
    }

    /** Counts the queue's unfinished jobs by state ({@code stats.lua}); changes nothing. */
    QueueStats stats(String queue, Instant now) {
        List<?> r = (List<?>) run(Script.STATS, queue, argv(queue, time(now)));
        // available, scheduled, running, retryable, oldest available runAt ('' when none)
        String oldest = string(r.get(4));
        return new QueueStats(
                queue,
                number(r.get(0)),
                number(r.get(1)),
                number(r.get(2)),
                number(r.get(3)),
                oldest.isEmpty() ? Optional.empty() : Optional.of(instant(Long.parseLong(oldest))));
    }

    /**
     * Counts the queue's kept dead and cancelled jobs and those that succeeded from the minute of {@code since} on
     * ({@code finished.lua}); changes nothing. Empty when the queue keeps no dead or cancelled job and no job
     * succeeded in it within the retention.
     */
    Optional<FinishedStats> finished(String queue, Instant since) {
        List<?> r = (List<?>) run(Script.FINISHED, queue, argv(queue, time(since)));
        long dead = number(r.get(0));
        long cancelled = number(r.get(1));
        long succeeded = number(r.get(2));
        return dead + cancelled + succeeded + number(r.get(3)) == 0
                ? Optional.empty()
                : Optional.of(new FinishedStats(queue, dead, cancelled, OptionalLong.of(succeeded)));
    }

    /** Where a walk over a queue's finished jobs ({@code retry_dead.lua}, {@code purge.lua}) goes on. */
    record Walk(long done, byte[] score, long ties, long examined) {
        static final byte[] START = text("-inf");
    }

    /** Jobs examined per {@link #retryDead} or {@link #purge} call. */
    static final int WALK_LIMIT = 1000;
    /** Listing-index entries looked at per {@link #prune} call. */
    static final int PRUNE_LIMIT = 1000;

    /**
     * One queue's part of a page of the job listing ({@code list.lua}): up to {@code limit} jobs in the order of the
     * queue's {@code index} from {@code start}, leaving out, at the start score, the members the skip rule names.
     *
     * @param index    {@code all}, or the index of the dead or the cancelled jobs ({@link #stateIndex})
     * @param skipRule {@code le}, {@code ge} or {@code none}
     * @param states   state names, comma-separated; empty for any
     * @param name     a job name, or empty for any
     */
    List<JobInfo> list(
            String queue,
            Instant now,
            boolean newestFirst,
            String start,
            String skipRule,
            String skipMember,
            String bound,
            int limit,
            String name,
            String states,
            String index) {
        List<?> reply = (List<?>) run(
                Script.LIST,
                queue,
                argv(
                        queue,
                        time(now),
                        text(newestFirst ? "desc" : "asc"),
                        text(start),
                        text(skipRule),
                        text(skipMember),
                        text(bound),
                        num(limit),
                        text(name),
                        text(states),
                        text(index)));
        List<JobInfo> jobs = new ArrayList<>(reply.size());
        for (Object entry : reply) {
            List<?> pair = (List<?>) entry;
            JobRef ref = new JobRef(queue, number(pair.get(0)));
            List<?> flat = (List<?>) pair.get(1);
            java.util.Map<byte[], byte[]> hash = new java.util.LinkedHashMap<>();
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                hash.put((byte[]) flat.get(i), (byte[]) flat.get(i + 1));
            }
            JobHash.info(ref, hash, now).ifPresent(jobs::add);
        }
        return jobs;
    }

    /** The states that have a listing index of their own: the jobs that wait for an operator. */
    static final Set<JobState> INDEXED_STATES = Set.of(JobState.DEAD, JobState.CANCELLED);

    /** The listing index that holds only the jobs in {@code state}: the suffix {@code list.lua} takes. */
    static String stateIndex(JobState state) {
        if (!INDEXED_STATES.contains(state)) {
            throw new IllegalArgumentException(
                    "no listing index of " + state + " jobs: only dead and cancelled jobs have one");
        }
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The result of {@link #retry} or {@link #delete}: a code and its detail (see the scripts). */
    record Verdict(long code, String detail) {}

    /** An operator's retry of a dead or cancelled job ({@code retry.lua}). */
    Verdict retry(JobRef job, Instant now) {
        String queue = job.queue();
        List<?> r = (List<?>)
                run(Script.RETRY, queue, argv(queue, text(job.number()), time(now), text(keys.wakeChannel(queue))));
        return new Verdict(number(r.get(0)), string(r.get(1)));
    }

    /** Retries the dead jobs of a queue among the next {@link #WALK_LIMIT} finished ones ({@code retry_dead.lua}). */
    Walk retryDead(String queue, String name, Instant now, Walk from) {
        List<?> r = (List<?>) run(
                Script.RETRY_DEAD,
                queue,
                argv(
                        queue,
                        time(now),
                        text(keys.wakeChannel(queue)),
                        text(name),
                        from.score(),
                        num(from.ties()),
                        num(WALK_LIMIT)));
        return walk(r);
    }

    /** Deletes a job that is not running ({@code delete.lua}). */
    Verdict delete(JobRef job) {
        String queue = job.queue();
        List<?> r = (List<?>) run(Script.DELETE, queue, argv(queue, text(job.number())));
        return new Verdict(number(r.get(0)), string(r.get(1)));
    }

    /** Deletes the jobs that finished before {@code before} among the next {@link #WALK_LIMIT} ({@code purge.lua}). */
    Walk purge(String queue, Instant before, Walk from) {
        List<?> r = (List<?>)
                run(Script.PURGE, queue, argv(queue, time(before), from.score(), num(from.ties()), num(WALK_LIMIT)));
        return walk(r);
    }

    /**
     * Drops expired finished jobs from the queue's listing indexes and its per-minute succeeded counts past their
     * retention ({@code prune.lua}), looking at up to {@link #PRUNE_LIMIT} entries of {@code :all} from where the last
     * call stopped; returns how many it looked at.
     */
    int prune(String queue, Instant now) {
        return (int) number(run(Script.PRUNE, queue, argv(queue, time(now), num(PRUNE_LIMIT), succeededRetentionMs)));
    }

    private static Walk walk(List<?> r) {
        Object score = r.get(1);
        return new Walk(
                number(r.get(0)),
                score instanceof Long l ? num(l) : (byte[]) score,
                number(r.get(2)),
                number(r.get(3)));
    }

    /**
     * Takes or keeps the maintenance lease for {@code term} ({@code maintenance_lead.lua}): at most
     * one worker of all on this Redis recovers expired leases at a time. Not a queue script.
     *
     * @return true when {@code owner} holds it afterwards
     */
    boolean leadMaintenance(String owner, Instant now, Duration term) {
        List<byte[]> args = List.of(text(owner), time(now), num(term.toNanos() / 1000));
        return number(runner.run(Script.MAINTENANCE_LEAD, null, List.of(keys.maintenance()), args)) == 1;
    }

    /** Gives the maintenance lease up if {@code owner} holds it ({@code maintenance_resign.lua}). */
    void resignMaintenance(String owner) {
        runner.run(Script.MAINTENANCE_RESIGN, null, List.of(keys.maintenance()), List.of(text(owner)));
    }

    /**
     * Stores or updates a recurring job in its queue's slot ({@code schedule_save.lua}); {@code moved} is the state of
     * the same schedule taken out of another queue's slot, or null.
     */
    void saveSchedule(Schedule s, Schedule moved) {
        String queue = s.queue();
        run(
                Script.SCHEDULE_SAVE,
                queue,
                argv(
                        queue,
                        text(s.name()),
                        text(s.cron()),
                        text(s.zone()),
                        text(s.missed().name()),
                        num(s.maxCatchUp()),
                        text(s.jobName()),
                        num(s.priority()),
                        num(s.maxAttempts()),
                        num(s.timeout().toMillis()),
                        text(s.fingerprint()),
                        s.payload(),
                        time(s.nextFire()),
                        text(moved == null ? "" : moved.paused() ? "1" : "0"),
                        moved == null || moved.lastFire() == null ? text("") : time(moved.lastFire()),
                        text(
                                moved == null || moved.lastJob() == null
                                        ? ""
                                        : moved.lastJob().value())));
    }

    /**
     * Fires a recurring job of {@code queue} once ({@code schedule_fire.lua}): the compare-and-set on its next fire
     * and the enqueue of its runs in one script.
     *
     * @return the runs' enqueue results, or null when the compare-and-set failed
     */
    List<EnqueueResult> fireSchedule(
            String queue, String name, Instant expected, Instant next, List<NewJob> runs, Instant now) {
        List<byte[]> args = argv(
                queue,
                time(now),
                text(keys.wakeChannel(queue)),
                text(name),
                time(expected),
                time(next),
                num(runs.size()));
        for (NewJob job : runs) {
            addJob(args, job);
        }
        List<?> reply = (List<?>) run(Script.SCHEDULE_FIRE, queue, args);
        if (number(reply.get(0)) == 0) {
            return null;
        }
        List<EnqueueResult> results = new ArrayList<>(runs.size());
        for (int k = 0; k < runs.size(); k++) {
            JobRef ref = new JobRef(queue, number(reply.get(1 + 2 * k)));
            results.add(new EnqueueResult(ref.id(), number(reply.get(2 + 2 * k)) == 1));
        }
        return results;
    }

    /** The recurring jobs of {@code queue} ({@code schedule_read.lua}): all, or with {@code due} up to max due at now. */
    List<Schedule> schedules(String queue, boolean due, Instant now, int max) {
        return readSchedules(queue, (List<?>)
                run(Script.SCHEDULE_READ, queue, argv(queue, text(due ? "due" : "all"), time(now), num(max))));
    }

    /** Pauses, resumes or deletes a recurring job ({@code schedule_change.lua}); false when there is none. */
    boolean changeSchedule(String queue, String name, String action, Instant next) {
        Object reply = run(
                Script.SCHEDULE_CHANGE,
                queue,
                argv(queue, text(name), text(action), next == null ? text("") : time(next)));
        return number(reply) == 1;
    }

    /** Takes a recurring job out of {@code queue}'s slot to store it in another's; null when there is none. */
    Schedule takeSchedule(String queue, String name) {
        Object reply = run(Script.SCHEDULE_CHANGE, queue, argv(queue, text(name), text("take"), text("")));
        return reply instanceof List<?> values ? readSchedules(queue, values).get(0) : null;
    }

    private static List<Schedule> readSchedules(String queue, List<?> reply) {
        List<Schedule> out = new ArrayList<>(reply.size() / 15);
        for (int i = 0; i + 15 <= reply.size(); i += 15) {
            String lastFire = string(reply.get(i + 13));
            String lastJob = string(reply.get(i + 14));
            out.add(new Schedule(
                    string(reply.get(i)),
                    string(reply.get(i + 1)),
                    string(reply.get(i + 2)),
                    MissedRuns.valueOf(string(reply.get(i + 3))),
                    Integer.parseInt(string(reply.get(i + 4))),
                    string(reply.get(i + 5)),
                    queue,
                    Integer.parseInt(string(reply.get(i + 6))),
                    (byte[]) reply.get(i + 10),
                    string(reply.get(i + 9)),
                    Integer.parseInt(string(reply.get(i + 7))),
                    Duration.ofMillis(Long.parseLong(string(reply.get(i + 8)))),
                    instant(Long.parseLong(string(reply.get(i + 11)))),
                    "1".equals(string(reply.get(i + 12))),
                    lastFire.isEmpty() ? null : instant(Long.parseLong(lastFire)),
                    lastJob.isEmpty() ? null : JobId.of(lastJob)));
        }
        return out;
    }

    private Object run(Script script, String queue, List<byte[]> args) {
        return runner.run(script, queue, keys.queueKeys(queue), args);
    }

    /** ARGV of a queue script: the queue's tag base and name, then {@code values}; more may be added. */
    private List<byte[]> argv(String queue, byte[]... values) {
        List<byte[]> args = new ArrayList<>(2 + values.length);
        args.add(text(keys.base(queue)));
        args.add(text(queue));
        args.addAll(Arrays.asList(values));
        return args;
    }

    /** The ten values per new job that {@code enqueue.lua} and {@code schedule_fire.lua} read. */
    private static void addJob(List<byte[]> args, NewJob job) {
        args.add(text(job.name()));
        args.add(num(job.priority()));
        args.add(job.payload());
        args.add(text(job.fingerprint()));
        args.add(num(job.maxAttempts()));
        args.add(num(job.timeout().toMillis()));
        args.add(time(job.enqueuedAt()));
        args.add(time(job.runAt()));
        args.add(text(job.uniqueKey() == null ? "" : job.uniqueKey()));
        args.add(text(job.headers().encode()));
    }

    /** The three values per lease the batch scripts read: job number, owner, attempt. */
    private static void addLease(List<byte[]> args, Lease lease) {
        addLease(args, JobRef.parse(lease.id()).orElseThrow(), lease);
    }

    private static void addLease(List<byte[]> args, JobRef job, Lease lease) {
        args.add(text(job.number()));
        args.add(text(lease.owner()));
        args.add(num(lease.attempt()));
    }

    private static byte[] time(Instant t) {
        return num(micros(t));
    }
}
