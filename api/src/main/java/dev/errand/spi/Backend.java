package dev.errand.spi;

import dev.errand.job.JobDefinition;
import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Stores and moves jobs. Everything that is the same for every backend (codec, retry policy,
 * timeouts, timing log) lives in the client and the worker runtime; a backend only keeps the
 * state machine of {@link dev.errand.job.JobState} consistent, atomically, and wakes idle workers.
 *
 * <p>Times come from the {@link BackendContext#clock() injected clock}, never from the server,
 * so tests can move time. Every running-job change is fenced on the {@link Lease}.
 * The contract suite in {@code errand-testkit} pins down every method.
 */
public interface Backend extends AutoCloseable {

    /** Short name used in logs and the timing log, e.g. {@code memory}. */
    String name();

    /**
     * What this backend can do beyond the core of the SPI. The client reads it once, when it is built, and refuses a
     * call that needs a capability not declared here ({@code UnsupportedOperationException}), so it must not change
     * while the backend is open.
     */
    Set<Capability> capabilities();

    /**
     * What a caller should do instead of an option that needs {@code missing}, which this backend does not declare:
     * the end of the client's refusal, e.g. {@code "gearmand runs a job as soon as a worker is free: enqueue it when it
     * should run"}. Null (the default) for the client's general advice.
     */
    default String instead(Capability missing) {
        return null;
    }

    /**
     * Stores the jobs in one round trip where the backend can. A job with a unique key that a
     * queued, scheduled, retryable or running job of the same name on the same queue already
     * holds is not stored; its result is that job's id with {@code duplicate = true}. (Keys are
     * scoped per queue so that a sharded backend can check them atomically with the queue.)
     * Results are in input order.
     */
    List<EnqueueResult> enqueue(List<NewJob> jobs);

    /**
     * Stores the jobs as {@link #enqueue} does, for a caller that will await {@link #outcome} of each
     * ({@code submit()}, {@code submitAll()}, {@code call()}): a backend that must choose between a foreground and a
     * background request when it sends a job (Gearman's {@code SUBMIT_JOB} and {@code SUBMIT_JOB_BG}) overrides it.
     * The default is {@link #enqueue}.
     */
    default List<EnqueueResult> submit(List<NewJob> jobs) {
        return enqueue(jobs);
    }

    /**
     * Tells the backend that worker {@code owner} is about to claim these jobs from these queues, before its first
     * {@link #claim}: a backend that routes by job name rather than by queue (Gearman's {@code CAN_DO}, TheSchwartz's
     * {@code funcid}) registers them here and may read each job's {@link JobDefinition#fingerprint()}. The default does
     * nothing: the memory, JDBC and Redis backends route by queue alone.
     */
    default void registerWorker(String owner, Collection<JobDefinition<?>> jobs, Set<String> queues) {}

    /**
     * {@link #registerWorker(String, Collection, Set)} for a worker that runs {@code threads} jobs at once: what the
     * worker runtime calls. A backend whose connections each hold one job (Gearman) opens that many; the default
     * ignores the number.
     */
    default void registerWorker(String owner, Collection<JobDefinition<?>> jobs, Set<String> queues, int threads) {
        registerWorker(owner, jobs, queues);
    }

    /** Worker {@code owner} claims no more (it stopped): undoes {@link #registerWorker}. The default does nothing. */
    default void unregisterWorker(String owner) {}

    /**
     * Atomically claims up to {@code max} due jobs of the given queues, highest priority first,
     * then oldest {@code runAt}, then enqueue order: each becomes {@code RUNNING} with its
     * attempt incremented and a lease owned by {@code owner} until now + {@code leaseDuration}.
     * Never blocks; returns an empty list when nothing is due.
     */
    List<ClaimedJob> claim(Set<String> queues, int max, String owner, Duration leaseDuration);

    /**
     * Blocks until a job of these queues may be due, {@link #wakeUp()} is called, or
     * {@code maxWait} passes; returns at once when a job is already due. May return early
     * (spurious wake-ups are fine); must not spin.
     */
    void awaitWork(Set<String> queues, Duration maxWait) throws InterruptedException;

    /** Makes every thread in {@link #awaitWork} return now (used on shutdown). */
    void wakeUp();

    /**
     * Whether claims and records are calls within this process, with no round trip and no I/O (the memory backend):
     * then each job thread of a worker claims a batch, runs it and records its successes itself, with no hand-off
     * to another thread. False by default: a fetcher thread claims, and a completer thread records in batches, so
     * that round trips overlap with running jobs.
     */
    default boolean inProcess() {
        return false;
    }

    /**
     * Whether the job thread that ran a job to success asks for its next job itself ({@link #claimNext}) before it
     * waits for the fetcher: for a backend whose {@link #complete} already asked for the next job on the connection
     * that carried the result (Gearman), so that the answer goes to that thread instead of through the fetcher. False
     * by default: the fetcher alone claims.
     */
    default boolean claimsNext() {
        return false;
    }

    /**
     * For a backend that {@link #claimsNext}: called on the job thread after each job it ran to success, once the
     * success was handed on (recorded by this thread, or queued for the completer). Returns up to {@code max} (0 or 1)
     * jobs claimed as {@link #claim} would; with {@code max} 0 the thread runs nothing more now, and whatever the
     * backend kept for it must go to the fetcher's claims. May wait for one answer of the store (a round trip).
     */
    default List<ClaimedJob> claimNext(
            Lease finished, Set<String> queues, int max, String owner, Duration leaseDuration) {
        return List.of();
    }

    /** Marks the leased attempt {@code SUCCEEDED} with its encoded result. False when the lease was lost. */
    boolean complete(Lease lease, byte[] result);

    /**
     * Marks many leased attempts {@code SUCCEEDED} at once, each as {@link #complete} would: fenced
     * per element, so a lost lease fails only its own element. Returns, in input order, whether
     * each lease was still held. The worker runtime buffers the completions of its job threads and
     * records them with this method, so a backend that overrides it records a batch in one round
     * trip (one statement, one script call, one commit); the default calls {@link #complete} for
     * each. The same job must not appear twice in one call.
     */
    default List<Boolean> completeAll(List<Completion> completions) {
        List<Boolean> held = new ArrayList<>(completions.size());
        for (Completion c : completions) {
            held.add(complete(c.lease(), c.result()));
        }
        return held;
    }

    /**
     * Records the failed attempt in the job's error history; then the job is {@code RETRYABLE}
     * until {@code retryAt} (which becomes its {@code runAt}), or {@code DEAD} when {@code retryAt}
     * is null. The caller decides: the worker runtime passes null on the last attempt. False when
     * the lease was lost.
     */
    boolean fail(Lease lease, JobError error, Instant retryAt);

    /**
     * Extends the leases to now + {@code leaseDuration} in one round trip where the backend can.
     * Returns the ids whose lease is no longer held (recovered by another worker, or finished).
     * A lease that expired but was not recovered yet is still held: fencing is on
     * {@code (id, owner, attempt)} while the job is {@code RUNNING}, not on the expiry time.
     */
    Set<JobId> renew(Collection<Lease> leases, Duration leaseDuration);

    /** Hands running jobs back unrun (shutdown): {@code AVAILABLE} again, the attempt not counted. */
    void release(Collection<Lease> leases);

    /**
     * Recovers running jobs whose lease expired (their worker died or hung): retryable at once,
     * or dead when that was their last attempt, with a {@code LeaseExpired} error. Returns how many.
     * A lease has expired when its expiry instant (claim or renewal time + lease) is at or before the
     * clock's now ({@code expiry <= now}); until it is recovered, its owner may still renew, complete
     * or fail it, as those are fenced on owner and attempt, not on time.
     */
    int recoverExpiredLeases();

    /**
     * Takes or keeps the maintenance lease of this store for {@code owner} until the backend clock's now + {@code
     * term}, and says whether {@code owner} holds it afterwards. At most one owner holds it at a time across every
     * process that shares the store; a holder that stops renewing loses it when its term ends, and the next caller
     * takes it over. Workers call it before maintenance (rescue of expired leases, pruning), so that one worker does
     * that work for the whole store. The default makes every caller a leader: right for a store no other process
     * shares.
     */
    default boolean leadMaintenance(String owner, Duration term) {
        return true;
    }

    /**
     * Deletes finished jobs past their retention, or starts doing so in the background, and returns at once: a
     * maintenance step, called by the worker that holds the maintenance lease after each rescue. The default does
     * nothing, right for a store whose finished jobs expire by themselves (Redis key TTLs, the memory backend's
     * bounded history).
     */
    default void pruneFinished() {}

    /** Gives the maintenance lease up if {@code owner} holds it (a worker that stops), so another takes over at once. */
    default void resignMaintenance(String owner) {}

    /** Cancels a job that has not started; false when it is running or finished. */
    boolean cancel(JobId id);

    Optional<JobInfo> find(JobId id);

    /**
     * The depth of every queue that holds unfinished jobs, sorted by queue name: available (due;
     * a scheduled or retrying job whose {@code runAt} passed counts here), scheduled, running and
     * retryable counts, and the {@code runAt} of the longest-waiting available job, all as of the
     * backend clock's now. For operators ({@code errand queues}); it may read every waiting job,
     * so it is not meant for a hot path.
     */
    List<QueueStats> queueStats();

    /**
     * The finished jobs of every queue that holds any, sorted by queue name: every dead and cancelled job still kept,
     * and the jobs that succeeded at or after {@code succeededSince}. A backend with no cheap way to count succeeded
     * jobs leaves that count empty and lists every queue that keeps any job, so that a queue whose jobs all succeeded
     * still shows. For the dashboard's overview, which reads it at most every few seconds: a backend answers from an
     * index or counters, without reading every kept job.
     */
    default List<FinishedStats> finishedStats(Instant succeededSince) {
        throw unsupported("count finished jobs");
    }

    /**
     * A job's encoded arguments, as enqueued, while the backend keeps them: for the dashboard's job page. Empty when
     * the job is unknown or its arguments are gone (the memory backend drops those of a succeeded job).
     */
    default Optional<byte[]> arguments(JobId id) {
        throw unsupported("read a job's arguments");
    }

    // Operators: list, retry, delete, purge, pause. Not on a hot path; a backend without them refuses by name.

    /**
     * One page of the jobs that {@code query} selects, in its order: by enqueue time, then id, newest or oldest
     * first, starting strictly after {@code query.after()}. A backend reads only the rows of the page (keyset
     * paging, never an offset), so any page of a large store costs about the same. Jobs past their retention are
     * not listed.
     */
    default JobPage listJobs(JobQuery query) {
        throw unsupported("list jobs");
    }

    /**
     * Makes a DEAD or CANCELLED job AVAILABLE now, with a new attempt budget: its {@code maxAttempts} becomes its
     * attempts so far plus the {@code maxAttempts} it had. Its error history is kept and its attempts go on counting
     * from where they were. False when the job is unknown; {@link IllegalStateException} naming the job and its
     * state when it is not dead or cancelled, or when another unfinished job now holds its unique key.
     */
    default boolean retry(JobId id) {
        throw unsupported("retry jobs");
    }

    /**
     * {@link #retry Retries} every DEAD job, or those of this job name and/or queue (empty: any), in batches within
     * the store rather than one round trip per job. Returns how many. A dead job whose unique key another unfinished
     * job holds now stays dead.
     */
    default int retryDead(Optional<String> name, Optional<String> queue) {
        throw unsupported("retry dead jobs");
    }

    /**
     * Deletes a job that is not running, with its errors and result; a caller waiting for its outcome gets
     * {@link java.util.NoSuchElementException}. False when the job is unknown; {@link IllegalStateException} naming
     * the job and its worker when it is RUNNING (its worker still holds it: wait for it or cancel what comes later).
     */
    default boolean delete(JobId id) {
        throw unsupported("delete jobs");
    }

    /** Deletes every finished job (succeeded, dead, cancelled) that finished before {@code finishedBefore}; returns how many. */
    default long purgeFinished(Instant finishedBefore) {
        throw unsupported("purge finished jobs");
    }

    /**
     * Pauses a queue for every worker on this store: they stop claiming from it within about a second (they
     * {@link #pausedQueues() read the paused set} at most once a second), jobs already claimed finish, and the queue
     * keeps accepting jobs. Pausing a paused queue does nothing. A queue need not have jobs to be paused.
     */
    default void pause(String queue) {
        throw unsupported("pause queues");
    }

    /** Lets workers claim from a paused queue again, within about a second; does nothing for a queue not paused. */
    default void resume(String queue) {
        throw unsupported("resume queues");
    }

    /** The paused queues of this store; one cheap read, made by each worker at most once a second. */
    default Set<String> pausedQueues() {
        return Set.of();
    }

    private UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("the " + name() + " backend cannot " + what
                + "; use the memory, jdbc or redis backend for operator commands");
    }

    /**
     * Completes when the job reaches a final state (at once if it already has). Completes
     * exceptionally with {@link java.util.NoSuchElementException} when the job is unknown, and
     * with {@link IllegalStateException} when the backend closes first. Every call returns a
     * future of its own, so one caller cancelling it does not affect another.
     */
    CompletableFuture<Outcome> outcome(JobId id);

    /**
     * Stores a recurring job, atomically: a new name is stored as given; for a name already stored, the definition is
     * replaced, while whether it is paused and its last run are kept, and so is its next instant when the cron
     * expression and zone are unchanged (so that workers registering the same schedule at start neither re-fire nor
     * skip an instant). A changed expression or zone takes {@code schedule.nextFire()}.
     */
    default void saveSchedule(Schedule schedule) {
        throw noSchedules("store recurring jobs");
    }

    /** Every stored schedule, sorted by name. */
    default List<Schedule> schedules() {
        return List.of();
    }

    /** Up to {@code max} schedules that are not paused and whose next instant is at or before {@code now}, earliest first. */
    default List<Schedule> dueSchedules(Instant now, int max) {
        return List.of();
    }

    /**
     * Fires a schedule once, atomically (one transaction, one script, one lock): when schedule {@code name} is stored,
     * not paused, and its next instant is still {@code expectedNext}, sets it to {@code newNext}, enqueues
     * {@code runs} as {@link #enqueue} would (their unique keys are the second guard against a double run), and, when
     * there are runs, records the last one's {@code runAt} and id as the schedule's last run. False, with nothing
     * changed, when another caller fired it first, or it was paused, changed or deleted: the compare-and-set on the
     * stored next instant is what makes each instant fire once across every worker, process and host.
     */
    default boolean fireSchedule(String name, Instant expectedNext, Instant newNext, List<NewJob> runs) {
        throw noSchedules("fire recurring jobs");
    }

    /** Pauses schedule {@code name}: it does not fire until resumed. False when there is no such schedule. */
    default boolean pauseSchedule(String name) {
        return false;
    }

    /** Resumes schedule {@code name} with {@code nextFire} as its next instant. False when there is no such schedule. */
    default boolean resumeSchedule(String name, Instant nextFire) {
        return false;
    }

    /** Deletes schedule {@code name}; runs already enqueued stay. False when there was none. */
    default boolean deleteSchedule(String name) {
        return false;
    }

    // A backend that keeps no schedules (an adapter to a foreign queue) inherits the methods above: it lists none,
    // and refuses to store or fire one by name; it may override saveSchedule to say why in its own words.

    private UnsupportedOperationException noSchedules(String what) {
        return new UnsupportedOperationException("the " + name() + " backend cannot " + what
                + "; run @Recurring jobs on the memory, jdbc or redis backend");
    }

    /**
     * The bounded connection pool this backend calls through, if it has one of its own: a worker
     * checks when it starts that the pool can serve all its threads at once
     * ({@link ConnectionPool#checkFits}). Empty (the default) when calls are not bounded by a pool
     * or the pool belongs to someone else.
     */
    default Optional<ConnectionPool> connectionPool() {
        return Optional.empty();
    }

    /** Wakes waiters and releases resources; later calls other than {@code close()} may throw. */
    @Override
    void close();
}
