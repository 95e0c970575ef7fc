package dev.errand.backend.jdbc.dialect;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * H2 2.2 or newer (tested: 2.3, the version the module ships), embedded; the default database.
 * Like {@link MySqlDialect}, a claim locks each queue's first candidates with {@code SELECT ...
 * FOR UPDATE SKIP LOCKED} and leases them in the same transaction. Ids come from a sequence; sets
 * are arrays. H2 has no insert that skips a held unique key, so a job with a unique key is
 * inserted on its own and a violation of the unique index on the generated column {@code
 * active_unique_key} means "held": H2 rolls back only the failed statement, not the transaction.
 */
public final class H2Dialect extends AbstractDialect {
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

    public H2Dialect(TableNames tables) {
        super(tables);
        this.lockSchema = """
                SELECT 1""";
        this.unlockSchema = """
                SELECT 1""";
        this.recordSchemaVersion = tables.expand("""
                MERGE INTO {prefix}schema_version (version, applied_at, description) KEY (version) VALUES (?, ?, ?)""");
        this.ids = new SequenceIds(tables, tables.expand("""
                SELECT NEXT VALUE FOR {prefix}job_ids FROM SYSTEM_RANGE(1, ?)"""));
        this.insertJobs = new KeyedOneByOneJobInsert(tables.expand("""
                INSERT INTO {prefix}jobs (id, name, queue, priority, state, attempt, max_attempts, timeout_ms,
                                          enqueued_at, run_at, unique_key, fingerprint, payload, headers, awaited)
                VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""));
        this.uniqueKeyHolder = tables.expand("""
                SELECT id FROM {prefix}jobs
                 WHERE name = ? AND queue = ? AND active_unique_key = ?""");
        // Each lock is two steps in one statement: H2 evaluates every matching row of a FOR UPDATE query before its
        // LIMIT (a claim scanned and sorted the whole backlog: 330 ms at 200,000 queued), so the candidates come from
        // a plain query that walks the claim index in its own order (ORDER BY names the equality columns too, or H2
        // sorts) and stops after LIMIT rows, and only those are locked, by primary key. In steps of 50: H2's cost per
        // job of this statement grows with its size (a drain claiming 1,000 at once ran at half the rate).
        // %s is the priority comparison: "=" locks one priority, "<=" that priority and every lower one.
        String lockTemplate = """
                SELECT id, name, queue, priority, payload, fingerprint, attempt, max_attempts, timeout_ms,
                       enqueued_at, run_at, headers
                  FROM {prefix}jobs
                 WHERE id IN (SELECT id
                                FROM {prefix}jobs
                               WHERE queue = ? AND state = 'AVAILABLE' AND priority %s ? AND run_at <= ?
                               ORDER BY queue, state, priority DESC, run_at, id
                               FETCH FIRST ? ROWS ONLY)
                   AND state = 'AVAILABLE'
                   FOR UPDATE SKIP LOCKED""";
        this.claim = new LockThenLeaseClaim(
                tables,
                new PriorityWalk(
                        tables.expand(lockTemplate.formatted("=")),
                        tables.expand(lockTemplate.formatted("<=")),
                        tables.expand("""
                                SELECT (SELECT run_at FROM {prefix}jobs WHERE queue = ? AND state = 'AVAILABLE'
                                         ORDER BY queue, state, run_at FETCH FIRST 1 ROW ONLY),
                                       (SELECT priority FROM {prefix}jobs WHERE queue = ? AND state = 'AVAILABLE'
                                         ORDER BY queue, state, priority DESC FETCH FIRST 1 ROW ONLY)"""),
                        // Not "priority < ?": on the descending column H2 starts that scan at the key itself and
                        // reads every waiting job of the current priority first. The BIGINT keeps key - 1 from
                        // overflowing at the lowest priority.
                        tables.expand("""
                                SELECT priority FROM {prefix}jobs
                                 WHERE queue = ? AND state = 'AVAILABLE' AND priority <= CAST(? AS BIGINT) - 1
                                 ORDER BY queue, state, priority DESC FETCH FIRST 1 ROW ONLY"""),
                        // The lock's pick takes no locks, so jobs other claimers hold drop out only after it.
                        tables.expand("""
                                SELECT COUNT(*)
                                  FROM (SELECT id
                                          FROM {prefix}jobs
                                         WHERE queue = ? AND state = 'AVAILABLE' AND priority = ? AND run_at <= ?
                                         ORDER BY queue, state, priority DESC, run_at, id
                                         FETCH FIRST ? ROWS ONLY) AS picked""")),
                50);
        this.renew = new BatchRenew(tables);
        this.completeAll = new BatchCompleteAll(complete());
        this.expiredLeases = tables.expand("""
                SELECT id, attempt, max_attempts, lease_owner, lease_expires_at
                  FROM {prefix}jobs
                 WHERE state = 'RUNNING' AND lease_expires_at <= ?
                 ORDER BY lease_expires_at
                 FETCH FIRST ? ROWS ONLY
                   FOR UPDATE SKIP LOCKED""");
        this.lastError = tables.expand("""
                SELECT attempt, failed_at, error_type, message, stack_trace
                  FROM {prefix}job_errors
                 WHERE job_id = ?
                 ORDER BY attempt DESC
                 FETCH FIRST 1 ROW ONLY""");
        this.finishedAmong = tables.expand("""
                SELECT j.id, j.state, r.result
                  FROM {prefix}jobs j
                  LEFT JOIN {prefix}job_results r ON r.job_id = j.id
                 WHERE j.id = ANY(CAST(? AS BIGINT ARRAY)) AND j.state IN ('SUCCEEDED', 'DEAD', 'CANCELLED')""");
        this.nextRunAt = tables.expand("""
                SELECT MIN(run_at) FROM {prefix}jobs WHERE queue = ? AND state = 'AVAILABLE'""");
        // No ORDER BY: H2 would read every expired job of the state and sort them before FETCH FIRST (it does not see
        // that the retention index is in finished_at order once state is fixed); the index scan itself goes oldest
        // first.
        this.pruneFinished = tables.expand("""
                DELETE FROM {prefix}jobs
                 WHERE id IN (SELECT id FROM {prefix}jobs
                               WHERE state = ? AND finished_at < ?
                               FETCH FIRST ? ROWS ONLY)""");
        // Rows compared as (enqueued_at, id) walk the listing index directly.
        this.listJobs = new JobListing(tables, true, false);
        this.errorsAmong = tables.expand("""
                SELECT job_id, attempt, failed_at, error_type, message, stack_trace
                  FROM {prefix}job_errors
                 WHERE job_id = ANY(CAST(? AS BIGINT ARRAY))
                 ORDER BY job_id, attempt""");
        this.pauseQueue = tables.expand("""
                MERGE INTO {prefix}paused_queues (queue, paused_at) KEY (queue) VALUES (?, ?)""");
    }

    @Override
    public String name() {
        return "h2";
    }

    @Override
    public String schemaResource() {
        return "dev/errand/backend/jdbc/schema/h2.sql";
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
        Long[] boxed = new Long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            boxed[i] = ids[i];
        }
        ps.setObject(index, boxed);
    }
}
