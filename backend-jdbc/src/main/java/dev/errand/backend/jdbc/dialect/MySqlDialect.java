package dev.errand.backend.jdbc.dialect;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * MariaDB 10.6 or newer (tested: 10.11) and MySQL 8.0.14 or newer (untested). A claim locks each
 * queue's first candidates with {@code SELECT ... FOR UPDATE SKIP LOCKED} along the claim index
 * and leases them in the same transaction (neither database can {@code UPDATE ... RETURNING} or
 * take {@code LIMIT} in an {@code IN} subquery). Ids come from a one-row counter ({@code
 * LAST_INSERT_ID(expr)}), as MySQL has no sequences; unique keys live in the generated column
 * {@code active_unique_key}, which holds the key while a job is unfinished and NULL after, under a
 * unique index; a job whose key is held is skipped with {@code ON DUPLICATE KEY UPDATE id = id}. Sets are JSON
 * arrays read with {@code JSON_TABLE}. The claim index orders on {@code priority_rank = -1 - priority}
 * so it also serves MariaDB versions that ignore {@code DESC} in index definitions.
 */
public final class MySqlDialect extends AbstractDialect {
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

    /**
     * The longest a process waits for another's creation or upgrade of the schema: an upgrade that copies a large jobs
     * table (schema version 8) takes a while.
     */
    private static final Duration SCHEMA_LOCK_WAIT = Duration.ofMinutes(10);

    public MySqlDialect(TableNames tables) {
        this(tables, SCHEMA_LOCK_WAIT);
    }

    /** With another wait for the schema lock, in whole seconds (at least one). */
    public MySqlDialect(TableNames tables, Duration schemaLockWait) {
        super(tables);
        this.lockSchema = tables.expand("""
                SELECT GET_LOCK('{prefix}schema', %d)""".formatted(Math.max(1, schemaLockWait.toSeconds())));
        this.unlockSchema = tables.expand("""
                SELECT RELEASE_LOCK('{prefix}schema')""");
        this.recordSchemaVersion = tables.expand("""
                INSERT INTO {prefix}schema_version (version, applied_at, description) VALUES (?, ?, ?)
                ON DUPLICATE KEY UPDATE version = version""");
        this.ids = new CounterIds(tables, tables.expand("""
                UPDATE {prefix}id_block SET next_id = LAST_INSERT_ID(next_id + ?) WHERE id = 1"""), """
                SELECT LAST_INSERT_ID()""");
        String insertJob = tables.expand("""
                INSERT INTO {prefix}jobs (id, name, queue, priority, state, attempt, max_attempts, timeout_ms,
                                          enqueued_at, run_at, unique_key, fingerprint, payload, headers, awaited)
                VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        this.insertJobs = new SkippingJobInsert(insertJob + "\nON DUPLICATE KEY UPDATE id = id", insertJob);
        this.uniqueKeyHolder = tables.expand("""
                SELECT id FROM {prefix}jobs
                 WHERE name = ? AND queue = ? AND active_unique_key = ?
                  LOCK IN SHARE MODE""");
        // %s is the priority comparison: "=" locks one priority, ">=" that priority and every lower one. The index is
        // named: with statistics saying few jobs are due, MariaDB read every due job through jobs_due and sorted them.
        String lockTemplate = """
                SELECT id, name, queue, priority, payload, fingerprint, attempt, max_attempts, timeout_ms,
                       enqueued_at, run_at, headers
                  FROM {prefix}jobs FORCE INDEX ({prefix}jobs_claim)
                 WHERE queue = ? AND state = 'AVAILABLE' AND priority_rank %s ? AND run_at <= ?
                 ORDER BY priority_rank, run_at, id
                 LIMIT ?
                   FOR UPDATE SKIP LOCKED""";
        this.claim = new LockThenLeaseClaim(
                tables,
                new PriorityWalk(
                        tables.expand(lockTemplate.formatted("=")),
                        tables.expand(lockTemplate.formatted(">=")),
                        tables.expand("""
                                SELECT (SELECT run_at FROM {prefix}jobs FORCE INDEX ({prefix}jobs_due)
                                         WHERE queue = ? AND state = 'AVAILABLE' ORDER BY run_at LIMIT 1),
                                       (SELECT priority_rank FROM {prefix}jobs FORCE INDEX ({prefix}jobs_claim)
                                         WHERE queue = ? AND state = 'AVAILABLE' ORDER BY priority_rank LIMIT 1)"""),
                        tables.expand("""
                                SELECT priority_rank FROM {prefix}jobs FORCE INDEX ({prefix}jobs_claim)
                                 WHERE queue = ? AND state = 'AVAILABLE' AND priority_rank > ?
                                 ORDER BY priority_rank LIMIT 1"""),
                        null),
                Integer.MAX_VALUE);
        this.renew = new BatchRenew(tables);
        this.completeAll = new BatchCompleteAll(complete());
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
                  JOIN JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT PATH '$')) AS wanted ON wanted.id = j.id
                  LEFT JOIN {prefix}job_results r ON r.job_id = j.id
                 WHERE j.state IN ('SUCCEEDED', 'DEAD', 'CANCELLED')""");
        this.nextRunAt = tables.expand("""
                SELECT MIN(run_at) FROM {prefix}jobs WHERE queue = ? AND state = 'AVAILABLE'""");
        // The batch's ids come from the retention index, named: given the choice, MariaDB read every job of the state
        // along the leases index, which also starts with state, and sorted them (MySqlRetentionPlanTest). A derived
        // table, because MySQL allows no LIMIT in an IN subquery and single-table DELETE takes no index hint.
        this.pruneFinished = tables.expand("""
                DELETE j FROM {prefix}jobs j
                  JOIN (SELECT id FROM {prefix}jobs FORCE INDEX ({prefix}jobs_retention)
                         WHERE state = ? AND finished_at < ?
                         ORDER BY finished_at
                         LIMIT ?) batch ON batch.id = j.id""");
        // Rows compared as (enqueued_at, id) are spelt out: MySQL walks an index for them only so.
        this.listJobs = new JobListing(tables, false, false);
        this.errorsAmong = tables.expand("""
                SELECT e.job_id, e.attempt, e.failed_at, e.error_type, e.message, e.stack_trace
                  FROM {prefix}job_errors e
                  JOIN JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT PATH '$')) AS wanted ON wanted.id = e.job_id
                 ORDER BY e.job_id, e.attempt""");
        this.pauseQueue = tables.expand("""
                INSERT IGNORE INTO {prefix}paused_queues (queue, paused_at) VALUES (?, ?)""");
    }

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public String schemaResource() {
        return "dev/errand/backend/jdbc/schema/mysql.sql";
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
        StringBuilder json = new StringBuilder(ids.length * 8 + 2).append('[');
        for (int i = 0; i < ids.length; i++) {
            json.append(i == 0 ? "" : ",").append(ids[i]);
        }
        ps.setString(index, json.append(']').toString());
    }
}
