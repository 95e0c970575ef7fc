package dev.errand.backend.jdbc.dialect;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Every SQL statement of the JDBC backend for one database, one method per statement, each
 * written out in full in the implementing class with the table names already substituted.
 *
 * <p>Parameters are JDBC {@code ?} placeholders in the order the Javadoc of each method gives;
 * times are {@code BIGINT} microseconds since the epoch (UTC) from the backend's clock, never
 * the database's own {@code now()}. Stored states are {@code AVAILABLE} (waiting: scheduled,
 * available or retryable, told apart by {@code run_at} and {@code attempt}), {@code RUNNING},
 * {@code SUCCEEDED}, {@code DEAD} and {@code CANCELLED}.
 *
 * <p>The job columns every reading statement returns, in this order ({@link #JOB_COLUMNS}):
 * id, name, queue, priority, payload, fingerprint, attempt, max_attempts, timeout_ms,
 * enqueued_at, run_at.
 */
public interface Dialect {

    /** The column list of claimed jobs, for documentation; each statement spells it out. */
    String JOB_COLUMNS = "id, name, queue, priority, payload, fingerprint, attempt, max_attempts, timeout_ms, enqueued_at, run_at";

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

    // ---- ids ----------------------------------------------------------------------------------

    /**
     * True when {@link #allocateIds()} reserves a range whose last id {@link #lastAllocatedId()}
     * returns (MySQL); false when it returns one row per new id (sequences).
     */
    boolean allocatesIdRange();

    /** Reserves job ids: (count). */
    String allocateIds();

    /** The last id of the range {@link #allocateIds()} just reserved on this connection; no parameters. */
    String lastAllocatedId();

    // ---- enqueue ------------------------------------------------------------------------------

    /**
     * Inserts one job: (id, name, queue, priority, state, max_attempts, timeout_ms, enqueued_at,
     * run_at, unique_key, fingerprint, payload). When {@link #insertSkipsHeldUniqueKeys()} it
     * inserts nothing if an unfinished job of that name on that queue holds the unique key; otherwise such an
     * insert fails with a unique-constraint violation (SQLState class 23) that leaves the
     * transaction usable.
     */
    String insertJob();

    boolean insertSkipsHeldUniqueKeys();

    /** The id of the unfinished job holding a unique key: (name, queue, unique_key); zero or one row. */
    String uniqueKeyHolder();

    // ---- claim --------------------------------------------------------------------------------

    /**
     * True when {@link #claim()} locks, leases and returns the jobs of all queues in one
     * statement (PostgreSQL); false when it only locks the candidates of one queue and
     * {@link #markClaimed()} leases them in the same transaction.
     */
    boolean claimsInOneStatement();

    /**
     * One statement: (queues as a text set, now, max, max, lease_owner, lease_expires_at) →
     * job columns with the new attempt. Otherwise: (queue, now, max) → job columns with the
     * attempt before the claim, locked with {@code FOR UPDATE SKIP LOCKED}.
     */
    String claim();

    /** Leases one locked candidate: (lease_owner, lease_expires_at, id). */
    String markClaimed();

    // ---- running jobs -------------------------------------------------------------------------

    /**
     * True when {@link #renew()} renews every lease in one statement (id, owner and attempt
     * sets) and returns the ids it renewed; false when it is executed per lease in a batch.
     */
    boolean renewsInOneStatement();

    /** Set form: (lease_expires_at, ids, owners, attempts) → renewed ids. Batch form: (lease_expires_at, id, owner, attempt). */
    String renew();

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

    /** True when {@link #completeAll()} ends many attempts in one statement over arrays; otherwise it is batched. */
    default boolean completesInOneStatement() {
        return false;
    }

    /**
     * Ends many running attempts successfully. Set form (when {@link #completesInOneStatement()}):
     * (finished_at, ids, owners, attempts) → (id, owner, attempt) of each lease that was held. Otherwise {@link #complete()}, run as a JDBC batch.
     */
    default String completeAll() {
        return complete();
    }

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
     * run_at, finished_at, unique_key.
     */
    String findJob();

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
     * Deletes up to a limit of the jobs finished in one state before a time, oldest first, with their errors and
     * results (the foreign keys cascade): (state, before, limit). Walks the retention index on (state, finished_at)
     * of schema version 2, so a batch reads only the rows it deletes.
     */
    String pruneFinished();

    // ---- parameters that are sets -------------------------------------------------------------

    /** Binds a set of ids in the form this dialect's set statements expect. */
    void bindIds(PreparedStatement ps, int index, long[] ids) throws SQLException;

    /** Binds a set of strings (PostgreSQL only: queues and lease owners). */
    void bindTexts(PreparedStatement ps, int index, String[] values) throws SQLException;

    /** Binds a set of ints (PostgreSQL only: attempts). */
    void bindInts(PreparedStatement ps, int index, int[] values) throws SQLException;
}
