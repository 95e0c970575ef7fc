package dev.errand.backend.jdbc.dialect;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * PostgreSQL 12 or newer (tested: 12, 14 and 18). A claim is one {@code UPDATE ... FROM (SELECT
 * ... FOR UPDATE SKIP LOCKED)} with {@code RETURNING}; set parameters are arrays, a batch of new jobs too; unique keys are
 * a partial unique index skipped with {@code ON CONFLICT DO NOTHING}; triggers {@code NOTIFY} new
 * work and finished jobs.
 */
public final class PostgresDialect extends AbstractDialect {
    private final String lockSchema;
    private final String unlockSchema;
    private final String recordSchemaVersion;
    private final IdReservation ids;
    private final JobInsert insertJobs;
    private final String uniqueKeyHolder;
    private final ClaimStatement claim;
    private final RenewStatement renew;
    private final CompleteAllStatement completeAll;
    private final String expiredLeases;
    private final String lastError;
    private final String finishedAmong;
    private final String nextRunAt;
    private final String pruneFinished;
    private final JobListing listJobs;
    private final String errorsAmong;
    private final String pauseQueue;
    private final String listen;
    private final String markAwaited;
    private final String unlisten;

    public PostgresDialect(TableNames tables) {
        super(tables, PostgresDialect::unseen);
        this.lockSchema = tables.expand("""
                SELECT pg_advisory_lock(hashtext('{prefix}schema'))""");
        this.unlockSchema = tables.expand("""
                SELECT pg_advisory_unlock(hashtext('{prefix}schema'))""");
        this.recordSchemaVersion = tables.expand("""
                INSERT INTO {prefix}schema_version (version, applied_at, description) VALUES (?, ?, ?)
                ON CONFLICT (version) DO NOTHING""");
        this.ids = new SequenceIds(tables, tables.expand("""
                SELECT nextval('{prefix}job_ids') FROM generate_series(1, ?)"""));
        this.insertJobs = new PostgresJobInsert(
                tables.expand("""
                INSERT INTO {prefix}jobs (id, name, queue, priority, state, attempt, max_attempts, timeout_ms,
                                          enqueued_at, run_at, unique_key, fingerprint, payload, headers, awaited)
                VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (name, queue, unique_key) WHERE unique_key IS NOT NULL AND state IN ('AVAILABLE', 'RUNNING')
                DO NOTHING"""),
                tables.expand("""
                INSERT INTO {prefix}jobs (id, name, queue, priority, state, attempt, max_attempts, timeout_ms,
                                          enqueued_at, run_at, unique_key, fingerprint, payload, headers, awaited)
                SELECT r.id, r.name, r.queue, r.priority, 'AVAILABLE', 0, r.max_attempts, r.timeout_ms,
                       r.enqueued_at, r.run_at, r.unique_key, r.fingerprint, r.payload, r.headers, r.awaited
                  FROM unnest(CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS int[]),
                              CAST(? AS int[]), CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS bigint[]),
                              CAST(? AS text[]), CAST(? AS text[]), CAST(? AS bytea[]), CAST(? AS text[]),
                              CAST(? AS boolean[]))
                       AS r(id, name, queue, priority, max_attempts, timeout_ms, enqueued_at, run_at, unique_key,
                            fingerprint, payload, headers, awaited)
                ON CONFLICT (name, queue, unique_key) WHERE unique_key IS NOT NULL AND state IN ('AVAILABLE', 'RUNNING')
                DO NOTHING"""),
                tables.expand("""
                COPY {prefix}jobs (id, name, queue, priority, state, attempt, max_attempts, timeout_ms, enqueued_at,
                                   run_at, unique_key, fingerprint, payload, headers, awaited) FROM STDIN"""),
                tables.expand("SELECT row_security_active('{prefix}jobs')"));
        this.uniqueKeyHolder = tables.expand("""
                SELECT id FROM {prefix}jobs
                 WHERE name = ? AND queue = ? AND unique_key = ? AND state IN ('AVAILABLE', 'RUNNING')""");
        // Per queue, the claim walks the claim index one priority at a time, highest first: the priorities are found by
        // skipping from one to the next lower in the index (the recursive "priorities", one probe each), and within
        // one priority its due jobs are a range of the index, run_at <= now. A queue with no job due is left at once:
        // its earliest run_at, read from the next-due index in one probe as the next-due lookup reads it (the
        // predicate names lease_owner IS NULL, true of every waiting job), is later than now. (An EXISTS there was
        // planned as a sequential scan that stops at the first due job, and reads the whole table when none is.) A walk
        // of the whole queue in claim order filtered by run_at read every job scheduled ahead at a higher
        // priority than the due ones, or every scheduled job of a queue with none due, on every claim
        // (ScheduledBacklogClaimTest); this one reads an index entry per priority above the due jobs instead. The walk
        // stops once it has LIMIT rows, so a queue of one priority costs two probes more than a plain index scan.
        // "id = ANY (ARRAY(...))": the update finds the picked jobs by key. Joined to them instead, it was planned as
        // a hash join over the whole table on tables of some tens of thousands of rows (ClaimUpdatePlanTest).
        this.claim = new OneStatementClaim(tables.expand("""
                UPDATE {prefix}jobs j
                   SET state = 'RUNNING', attempt = j.attempt + 1, lease_owner = ?, lease_expires_at = ?
                 WHERE j.id = ANY (ARRAY(
                       SELECT c.id
                         FROM unnest(CAST(? AS text[])) AS q(name)
                        CROSS JOIN LATERAL (
                              WITH RECURSIVE priorities(priority) AS (
                                   (SELECT x.priority FROM {prefix}jobs x
                                     WHERE x.queue = q.name AND x.state = 'AVAILABLE'
                                       AND (SELECT MIN(due.run_at) FROM {prefix}jobs due
                                             WHERE due.queue = q.name AND due.state = 'AVAILABLE'
                                               AND due.lease_owner IS NULL) <= ?
                                     ORDER BY x.priority DESC LIMIT 1)
                                   UNION ALL
                                   SELECT (SELECT x.priority FROM {prefix}jobs x
                                            WHERE x.queue = q.name AND x.state = 'AVAILABLE' AND x.priority < r.priority
                                            ORDER BY x.priority DESC LIMIT 1)
                                     FROM priorities r
                                    WHERE r.priority IS NOT NULL)
                              SELECT d.id, d.priority, d.run_at
                                FROM priorities r
                               CROSS JOIN LATERAL (
                                     SELECT p.id, p.priority, p.run_at
                                       FROM {prefix}jobs p
                                      WHERE p.queue = q.name AND p.state = 'AVAILABLE' AND p.priority = r.priority
                                        AND p.run_at <= ?
                                      ORDER BY p.run_at, p.id
                                      LIMIT ?
                                        FOR UPDATE SKIP LOCKED) d
                               LIMIT ?) c
                        ORDER BY c.priority DESC, c.run_at, c.id
                        LIMIT ?))
                RETURNING j.id, j.name, j.queue, j.priority, j.payload, j.fingerprint, j.attempt, j.max_attempts,
                          j.timeout_ms, j.enqueued_at, j.run_at, j.headers"""));
        // The leases' jobs by key, checked against a state the planner cannot see (unseen): see there.
        String running = unseen("RUNNING");
        this.renew = new ArrayRenew(tables.expand("""
                UPDATE {prefix}jobs j
                   SET lease_expires_at = ?
                  FROM unnest(CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS int[])) AS l(id, owner, attempt)
                 WHERE j.id = l.id AND j.lease_owner = l.owner AND j.attempt = l.attempt AND j.state = %s
                RETURNING j.id""".formatted(running)));
        this.completeAll = new ArrayCompleteAll(tables.expand("""
                UPDATE {prefix}jobs j
                   SET state = 'SUCCEEDED', finished_at = ?, lease_owner = NULL, lease_expires_at = NULL
                  FROM unnest(CAST(? AS bigint[]), CAST(? AS text[]), CAST(? AS int[])) AS l(id, owner, attempt)
                 WHERE j.id = l.id AND j.lease_owner = l.owner AND j.attempt = l.attempt AND j.state = %s
                RETURNING j.id, l.owner, l.attempt""".formatted(running)));
        this.expiredLeases = tables.expand("""
                SELECT id, attempt, max_attempts, lease_owner, lease_expires_at
                  FROM {prefix}jobs
                 WHERE state = 'RUNNING' AND lease_expires_at <= ?
                 ORDER BY lease_expires_at
                 LIMIT ?
                   FOR UPDATE SKIP LOCKED""");
        this.lastError = tables.expand("""
                SELECT attempt, failed_at, error_type, message, stack_trace
                  FROM {prefix}job_errors
                 WHERE job_id = ?
                 ORDER BY attempt DESC
                 LIMIT 1""");
        this.finishedAmong = tables.expand("""
                SELECT j.id, j.state, r.result
                  FROM {prefix}jobs j
                  LEFT JOIN {prefix}job_results r ON r.job_id = j.id
                 WHERE j.id = ANY(CAST(? AS bigint[]))
                   AND j.state IN (%s, %s, %s)""".formatted(unseen("SUCCEEDED"), unseen("DEAD"), unseen("CANCELLED")));
        this.nextRunAt = tables.expand("""
                SELECT MIN(run_at) FROM {prefix}jobs WHERE queue = ? AND state = 'AVAILABLE' AND lease_owner IS NULL""");
        // "= ANY(ARRAY(...))": the batch's ids are collected first (an init plan along the retention index), then
        // deleted by primary key. With "IN (SELECT ...)" the planner may hash the batch and scan the whole table for
        // it, once per batch (RetentionPlanTest).
        this.pruneFinished = tables.expand("""
                DELETE FROM {prefix}jobs
                 WHERE id = ANY(ARRAY(SELECT id FROM {prefix}jobs
                                       WHERE state = ? AND finished_at < ?
                                       ORDER BY finished_at
                                       LIMIT ?
                                         FOR UPDATE SKIP LOCKED))""");
        this.markAwaited = tables.expand("""
                UPDATE {prefix}jobs SET awaited = TRUE
                 WHERE id = ? AND NOT awaited AND state NOT IN ('SUCCEEDED', 'DEAD', 'CANCELLED')""");
        this.listen = tables.expand("""
                LISTEN {prefix}work; LISTEN {prefix}done""");
        this.unlisten = """
                UNLISTEN *""";
        // Rows compared as (enqueued_at, id) walk the listing index directly.
        this.listJobs = new JobListing(tables, true, true);
        this.errorsAmong = tables.expand("""
                SELECT job_id, attempt, failed_at, error_type, message, stack_trace
                  FROM {prefix}job_errors
                 WHERE job_id = ANY(CAST(? AS bigint[]))
                 ORDER BY job_id, attempt""");
        this.pauseQueue = tables.expand("""
                INSERT INTO {prefix}paused_queues (queue, paused_at) VALUES (?, ?) ON CONFLICT (queue) DO NOTHING""");
    }

    /**
     * Marks an unfinished job awaited, so that its end is announced on the done channel (schema version 7); the job
     * id. Updates nothing when the job is finished or marked already.
     */
    public String markAwaited() {
        return markAwaited;
    }

    /** Subscribes a session to the work and done channels; no parameters. */
    public String listen() {
        return listen;
    }

    /** Ends every subscription of the session before it goes back to the pool; no parameters. */
    public String unlisten() {
        return unlisten;
    }

    /**
     * A state constant as statements that find jobs by key write it: in a sub-select, a value the planner cannot see.
     * Written as the constant, it lets the planner prove that a partial index of that state (the running jobs, the
     * waiting ones, the finished ones) covers the statement; when statistics were taken while no job was in that state
     * the index looks nearly empty, and the planner reads all of it instead of looking the key up. With 50,000 jobs
     * running, completing one then took 38 ms instead of 0.1; looking up outcomes among 190,000 finished jobs, 97 to 150
     * ms; recording 1,000 successes in the plan PostgreSQL caches from a statement's tenth call, 164-192 ms instead of
     * 22-33, as it checked every running job against every lease (KeyedStatementPlanTest, LeaseStatementsTest).
     */
    static String unseen(String state) {
        return "(SELECT '" + state + "')";
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public String schemaResource() {
        return "dev/errand/backend/jdbc/schema/postgres.sql";
    }

    @Override
    public String lockSchema() {
        return lockSchema;
    }

    @Override
    public String unlockSchema() {
        return unlockSchema;
    }

    @Override
    public String recordSchemaVersion() {
        return recordSchemaVersion;
    }

    @Override
    public IdReservation ids() {
        return ids;
    }

    @Override
    public JobInsert insertJobs() {
        return insertJobs;
    }

    @Override
    public String uniqueKeyHolder() {
        return uniqueKeyHolder;
    }

    @Override
    public ClaimStatement claim() {
        return claim;
    }

    @Override
    public RenewStatement renew() {
        return renew;
    }

    @Override
    public boolean readsInAutoCommit() {
        return true;
    }

    @Override
    public CompleteAllStatement completeAll() {
        return completeAll;
    }

    @Override
    public String expiredLeases() {
        return expiredLeases;
    }

    @Override
    public String lastError() {
        return lastError;
    }

    @Override
    public String finishedAmong() {
        return finishedAmong;
    }

    @Override
    public String nextRunAt() {
        return nextRunAt;
    }

    @Override
    public String pruneFinished() {
        return pruneFinished;
    }

    @Override
    public JobListing listJobs() {
        return listJobs;
    }

    @Override
    public String errorsAmong() {
        return errorsAmong;
    }

    @Override
    public String pauseQueue() {
        return pauseQueue;
    }

    @Override
    public void bindIds(PreparedStatement ps, int index, long[] ids) throws SQLException {
        PostgresArrays.bindIds(ps, index, ids);
    }
}
