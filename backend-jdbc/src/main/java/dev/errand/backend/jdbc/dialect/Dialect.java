package dev.errand.backend.jdbc.dialect;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Every SQL statement of the JDBC backend for one database, one method per statement, each
 * written out in full with the table names already substituted: in the dialect class, or once for
 * all dialects where they run it alike. An operation whose statements, parameters or round trips
 * differ between databases (ids, insert, claim, renew, completeAll) is an object that sends its
 * statements, binds their parameters and reads their rows itself, so callers never ask which
 * database they talk to.
 *
 * <p>Parameters are JDBC {@code ?} placeholders in the order the Javadoc of each method gives;
 * times are {@code BIGINT} microseconds since the epoch (UTC) from the backend's clock, never
 * the database's own {@code now()}. Stored states are {@code AVAILABLE} (waiting: scheduled,
 * available or retryable, told apart by {@code run_at} and {@code attempt}), {@code RUNNING},
 * {@code SUCCEEDED}, {@code DEAD} and {@code CANCELLED}.
 *
 * <p>The job columns every reading statement returns, in this order ({@link #JOB_COLUMNS}):
 * id, name, queue, priority, payload, fingerprint, attempt, max_attempts, timeout_ms,
 * enqueued_at, run_at, headers.
 */
public interface Dialect {

    /** The column list of claimed jobs, for documentation; each statement spells it out. */
    String JOB_COLUMNS =
            "id, name, queue, priority, payload, fingerprint, attempt, max_attempts, timeout_ms, enqueued_at, run_at, headers";

    /** Short name for logs: {@code postgresql}, {@code mysql}, {@code h2}. */
    String name();

    TableNames tables();

    /** Class-path resource of the DDL of schema version 1, e.g. {@code dev/errand/backend/jdbc/schema/postgres.sql}. */
    String schemaResource();

    /** Serialises schema creation between processes; no parameters. */
    String lockSchema();

    /** Ends {@link #lockSchema()}; no parameters. */
    String unlockSchema();

    /** The newest applied schema version; no parameters; one row, possibly NULL. */
    String schemaVersion();

    /** Records an applied version: (version, applied_at, description). */
    String recordSchemaVersion();

    // ---- ids and enqueue ----------------------------------------------------------------------

    /** Reserves job ids ahead of the insert. */
    IdReservation ids();

    /** Inserts new jobs, leaving out those whose unique key is held. */
    JobInsert insertJobs();

    /** The id of the unfinished job holding a unique key: (name, queue, unique_key); zero or one row. */
    String uniqueKeyHolder();

    // ---- claim --------------------------------------------------------------------------------

    /** Locks, leases and returns due jobs. */
    ClaimStatement claim();

    // ---- running jobs -------------------------------------------------------------------------

    /** Extends many leases at once. */
    RenewStatement renew();

    /** Hands a running job back unrun: (id, owner, attempt). */
    String release();

    /** Ends a running attempt successfully: (finished_at, id, owner, attempt). */
    String complete();

    /**
     * True when a pooled connection can switch to auto-commit and back without a round trip, so
     * plain reads skip the COMMIT (PostgreSQL's driver only flips a flag while no transaction is open).
     */
    default boolean readsInAutoCommit() {
        return false;
    }

    /** Ends many running attempts successfully; {@link #complete()} ends one. */
    CompleteAllStatement completeAll();

    /** Stores a job's result: (job_id, result). */
    String insertResult();

    /** Makes a running attempt wait for another: (run_at, id, owner, attempt). */
    String retry();

    /** Ends a running job dead: (finished_at, id, owner, attempt). */
    String kill();

    /** Appends to a job's error history: (job_id, attempt, failed_at, error_type, message, stack_trace). */
    String insertError();

    /**
     * Running jobs whose lease expired, locked, oldest first: (now, limit) → id, attempt,
     * max_attempts, lease_owner, lease_expires_at.
     */
    String expiredLeases();

    /** Cancels a waiting job: (finished_at, id). */
    String cancel();

    // ---- reading ------------------------------------------------------------------------------

    /**
     * One job: (id) → id, name, queue, state, attempt, max_attempts, priority, enqueued_at,
     * run_at, finished_at, unique_key, headers.
     */
    String findJob();

    /** A job's encoded arguments: (id) → payload. */
    String jobArguments();

    /** A job's errors, oldest first: (job_id) → attempt, failed_at, error_type, message, stack_trace. */
    String findErrors();

    /** The newest error of a job: (job_id) → attempt, failed_at, error_type, message, stack_trace. */
    String lastError();

    /**
     * Which of a set of jobs are finished, with their results: (ids as an id set) → id, state,
     * result (NULL unless stored).
     */
    String finishedAmong();

    /** The earliest {@code run_at} of the waiting jobs of one queue: (queue) → one row, possibly NULL. */
    String nextRunAt();

    /**
     * The unfinished jobs of every queue by state: (now, now, now, now) → queue, available (due),
     * scheduled (not due, attempt 0), running, retryable (not due, attempt > 0), the earliest
     * {@code run_at} of the due jobs (NULL when none); one row per queue that has such jobs.
     */
    String queueStats();

    /**
     * The kept finished jobs of every queue by final state: (succeeded since) → queue, state, count; one row per queue
     * and state that has such jobs, SUCCEEDED counted only from the given finish time. Walks the listing index on
     * (state, enqueued_at, id) of schema version 4 for DEAD and CANCELLED, and the retention index on (state,
     * finished_at) of schema version 2 for the range of SUCCEEDED, so it reads the finished jobs it counts and no others.
     */
    String finishedStats();

    /**
     * Deletes up to a limit of the jobs finished in one state before a time, oldest first, with their errors and
     * results (the foreign keys cascade): (state, before, limit). Walks the retention index on (state, finished_at)
     * of schema version 2, so a batch reads only the rows it deletes.
     */
    String pruneFinished();

    /** The statements on the schedules of recurring jobs (schema version 3). */
    ScheduleStatements schedules();

    // ---- operators (schema version 4) -------------------------------------------------------------

    /** One page of the operator's job listing. */
    JobListing listJobs();

    /**
     * The errors of a set of jobs: (ids as an id set) → job_id, attempt, failed_at, error_type, message, stack_trace,
     * by job and attempt.
     */
    String errorsAmong();

    /** Makes a dead or cancelled job available with a new attempt budget: (run_at, id); 0 rows when not dead or cancelled. */
    String retryJob();

    /**
     * A batch of dead jobs to retry, after a keyset cursor, leaving out those whose unique key is held: (name or '',
     * name or '', queue or '', queue or '', after enqueued_at, after enqueued_at, after id, limit) → id, enqueued_at.
     */
    String deadJobs();

    /** Deletes a job unless it is running, with its errors and result: (id). */
    String deleteJob();

    /** A job's stored state and lease owner: (id) → state, lease_owner; zero or one row. */
    String jobLease();

    /** Pauses a queue; nothing when it is paused: (queue, paused_at). */
    String pauseQueue();

    /** Resumes a queue: (queue). */
    String resumeQueue();

    /** Every paused queue; no parameters → queue. */
    String pausedQueues();

    /** Binds a set of ids in the form {@link #finishedAmong()} expects. */
    void bindIds(PreparedStatement ps, int index, long[] ids) throws SQLException;
}
