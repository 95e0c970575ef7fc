package dev.errand.backend.memory;

import dev.errand.job.JobError;
import dev.errand.job.JobHeaders;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Lease;
import dev.errand.spi.NewJob;
import dev.errand.spi.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One job and everything the backend knows about it: the only per-job allocation besides the
 * objects the SPI returns.
 *
 * <p>What a claim or a finish changes is kept in primitives, not references: the state as its ordinal, the lease
 * owner as a {@link LeaseOwners} number, times as epoch nanoseconds, the lease entry as its number. While a backlog
 * drains, records live through young collections and G1 promotes them; every reference stored into an old object then
 * costs G1 a dirty card and remembered-set work. With references here, G1's refinement threads took two fifths of the
 * CPU of a drain of millions of jobs.
 *
 * <p>Locking: the mutable fields are guarded by this object's monitor. While the job waits in its
 * queue (SCHEDULED, AVAILABLE, RETRYABLE) it is changed only by a thread that also holds the
 * {@link QueueState#lock queue lock}, which is taken first. {@link #heapIndex} belongs to the
 * {@link ReadyQueue} or {@link JobHeap} that holds the job and is guarded by the queue lock alone.
 */
final class JobRecord {
    /**
     * The job's number: its id is this number in decimal, made on demand (see {@link #id()}) so
     * that a waiting job is one object, not four. Also the last tie-breaker of the ready order.
     */
    final long seq;

    final String name;
    final QueueState queue;
    final int priority;
    final String fingerprint;
    /** Raised by an operator's retry: a new attempt budget. */
    int maxAttempts;

    final Duration timeout;
    final Instant enqueuedAt;
    final String uniqueKey;
    final JobHeaders headers;

    /** Dropped when the job finishes: nobody can run it any more. */
    byte[] payload;
    /** When it may (next) run; the retry time after a failed attempt. Set with {@link #runAt(Instant)}. */
    Instant runAt;
    /** {@link #runAt} as epoch nanoseconds (saturated), so ordering never dereferences an Instant. */
    long runAtKey;

    /** The {@link JobState}'s ordinal; see {@link #state()}. */
    private byte state;

    int attempt;
    /** The {@link LeaseOwners} number of the worker running it; {@link LeaseOwners#NONE} unless RUNNING. */
    int leaseOwner;
    /** When the lease ends, as {@link #key epoch nanoseconds}; meaningful while RUNNING. */
    long leaseExpiresAtKey;
    /** The {@link LeaseBatch#seq number} of the lease-index entry that watches this job's lease; 0 unless RUNNING. */
    long leaseBatch;

    /** When it finished, as {@link #key epoch nanoseconds}; {@link #NOT_FINISHED} until then. */
    long finishedAtKey = NOT_FINISHED;

    static final long NOT_FINISHED = Long.MIN_VALUE;

    private static final JobState[] STATES = JobState.values();

    byte[] result;
    /** Null until the first failure. */
    List<JobError> errors;
    /** Created only when someone asks for the outcome before the job finished. */
    CompletableFuture<Outcome> future;
    /** Position in the {@link JobHeap} that holds the job, {@link #IN_RUN} in a {@link ReadyQueue} run, or -1. */
    int heapIndex = -1;

    static final int IN_RUN = -2;

    JobRecord(long seq, NewJob job, QueueState queue, Instant now) {
        this.seq = seq;
        this.name = job.name();
        this.queue = queue;
        this.priority = job.priority();
        this.payload = job.payload();
        this.fingerprint = job.fingerprint();
        this.maxAttempts = job.maxAttempts();
        this.timeout = job.timeout();
        this.enqueuedAt = job.enqueuedAt();
        this.uniqueKey = job.uniqueKey();
        this.headers = job.headers();
        runAt(job.runAt());
        state(job.isScheduledAt(now) ? JobState.SCHEDULED : JobState.AVAILABLE);
    }

    JobState state() {
        return STATES[state];
    }

    void state(JobState newState) {
        state = (byte) newState.ordinal();
    }

    boolean isFinished() {
        return finishedAtKey != NOT_FINISHED;
    }

    /** When it finished, or null. */
    Instant finishedAt() {
        return isFinished() ? instant(finishedAtKey) : null;
    }

    Instant leaseExpiresAt() {
        return instant(leaseExpiresAtKey);
    }

    JobId id() {
        return new JobId(Long.toString(seq));
    }

    void runAt(Instant instant) {
        runAt = instant;
        runAtKey = key(instant);
    }

    /** Epoch nanoseconds, saturated beyond the years 1677 and 2262. */
    static long key(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds >= Long.MAX_VALUE / 1_000_000_000L) {
            return Long.MAX_VALUE;
        }
        if (seconds <= Long.MIN_VALUE / 1_000_000_000L) {
            return Long.MIN_VALUE;
        }
        return seconds * 1_000_000_000L + instant.getNano();
    }

    /** The instant of {@link #key epoch nanoseconds}. */
    static Instant instant(long key) {
        return Instant.ofEpochSecond(Math.floorDiv(key, 1_000_000_000L), Math.floorMod(key, 1_000_000_000L));
    }

    /** Due order: runAt, then enqueue sequence. */
    static boolean dueBefore(JobRecord a, JobRecord b) {
        return a.runAtKey != b.runAtKey ? a.runAtKey < b.runAtKey : a.seq < b.seq;
    }

    /** Claim order: priority descending, then runAt, then enqueue sequence. */
    static boolean readyBefore(JobRecord a, JobRecord b) {
        return a.priority != b.priority ? a.priority > b.priority : dueBefore(a, b);
    }

    /**
     * True when the lease of {@code owner} (a {@link LeaseOwners} number) and {@code attempt} is the lease of the attempt
     * running now. Caller holds the monitor.
     */
    boolean isLeasedBy(int owner, int leaseAttempt) {
        return state() == JobState.RUNNING && attempt == leaseAttempt && leaseOwner == owner;
    }

    /**
     * Starts an attempt under a new lease of {@code owner}, whose number is {@code ownerNumber}. Caller holds the queue
     * lock and the monitor.
     */
    ClaimedJob start(String owner, int ownerNumber, Instant expiresAt, LeaseBatch batch) {
        state(JobState.RUNNING);
        attempt++;
        leaseOwner = ownerNumber;
        leaseExpiresAtKey = key(expiresAt);
        leaseBatch = batch.seq;
        JobId id = id();
        return new ClaimedJob(
                id,
                name,
                queue.name,
                priority,
                payload,
                fingerprint,
                attempt,
                maxAttempts,
                timeout,
                enqueuedAt,
                runAt,
                new Lease(id, owner, attempt),
                true,
                headers);
    }

    /**
     * Ends the running attempt's lease. Returns the lease-index entry that watched it when this
     * was its last live job (the caller removes it from the index), else null. Caller holds the monitor.
     */
    LeaseBatch endLease(LeaseIndex leases) {
        LeaseBatch batch = leases.find(leaseBatch);
        leaseBatch = 0;
        leaseOwner = LeaseOwners.NONE;
        leaseExpiresAtKey = 0;
        return batch != null && batch.detach() ? batch : null;
    }

    void addError(JobError error) {
        if (errors == null) {
            errors = new ArrayList<>(2);
        }
        errors.add(error);
    }

    /**
     * Moves the job to a final state. Returns the future to complete (outside every lock) with
     * {@link #outcome()}, or null when nobody asked. Caller holds the monitor.
     */
    CompletableFuture<Outcome> finish(JobState finalState, Instant now) {
        state(finalState);
        finishedAtKey = key(now);
        if (finalState == JobState.SUCCEEDED) {
            payload = null; // a dead or cancelled job keeps it for an operator's retry
        }
        CompletableFuture<Outcome> f = future;
        future = null;
        return f;
    }

    /**
     * An operator's retry of a dead or cancelled job: available at {@code now} with as many further attempts as it
     * had; its errors are kept. Caller holds the queue lock and the monitor.
     */
    void reopen(Instant now) {
        state(JobState.AVAILABLE);
        maxAttempts = attempt + maxAttempts;
        runAt(now);
        finishedAtKey = NOT_FINISHED;
        result = null;
    }

    /** The outcome of a finished job. Caller holds the monitor. */
    Outcome outcome() {
        JobId id = id();
        return switch (state()) {
            case SUCCEEDED -> Outcome.succeeded(id, result);
            case DEAD -> Outcome.dead(id, errors == null ? null : errors.get(errors.size() - 1));
            case CANCELLED -> Outcome.cancelled(id);
            default -> throw new IllegalStateException("not finished: " + this);
        };
    }

    /**
     * A snapshot for {@code find()} at {@code now}. A waiting job that is due is AVAILABLE, as on
     * every backend, although it is moved out of the due index only by the next claim. Caller holds the monitor.
     */
    JobInfo info(Instant now) {
        JobState state = state();
        boolean due = (state == JobState.SCHEDULED || state == JobState.RETRYABLE) && !runAt.isAfter(now);
        return new JobInfo(
                id(),
                name,
                queue.name,
                due ? JobState.AVAILABLE : state,
                attempt,
                maxAttempts,
                priority,
                enqueuedAt,
                runAt,
                Optional.ofNullable(finishedAt()),
                Optional.ofNullable(uniqueKey),
                errors == null ? List.of() : errors,
                headers);
    }

    @Override
    public String toString() {
        return "job " + seq + " (" + name + " on queue " + queue.name + ", " + state() + ", attempt " + attempt + " of "
                + maxAttempts + ")";
    }
}
