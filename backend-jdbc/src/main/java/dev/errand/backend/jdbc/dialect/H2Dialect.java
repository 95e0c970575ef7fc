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
public final class H2Dialect implements Dialect {
    private final TableNames tables;
    private final String lockSchema;
    private final String unlockSchema;
    private final String schemaVersion;
    private final String recordSchemaVersion;
    private final String allocateIds;
    private final String lastAllocatedId;
    private final String insertJob;
    private final String uniqueKeyHolder;
    private final String claim;
    private final String markClaimed;
    private final String renew;
    private final String release;
    private final String complete;
    private final String insertResult;
    private final String retry;
    private final String kill;
    private final String insertError;
    private final String expiredLeases;
    private final String cancel;
    private final String findJob;
    private final String findErrors;
    private final String lastError;
    private final String finishedAmong;
    private final String nextRunAt;
    private final String queueStats;
    private final String pruneFinished;

    public H2Dialect(TableNames tables) {
        this.tables = tables;
        this.lockSchema = """
                SELECT 1""";
        this.unlockSchema = """
                SELECT 1""";
        this.schemaVersion = tables.expand("""
                SELECT MAX(version) FROM {prefix}schema_version""");
        this.recordSchemaVersion = tables.expand("""
                MERGE INTO {prefix}schema_version (version, applied_at, description) KEY (version) VALUES (?, ?, ?)""");
        this.allocateIds = tables.expand("""
                SELECT NEXT VALUE FOR {prefix}job_ids FROM SYSTEM_RANGE(1, ?)""");
        this.lastAllocatedId = tables.expand("""
                SELECT CURRENT VALUE FOR {prefix}job_ids""");
        this.insertJob = tables.expand("""
                INSERT INTO {prefix}jobs (id, name, queue, priority, state, attempt, max_attempts, timeout_ms,
                                          enqueued_at, run_at, unique_key, fingerprint, payload)
                VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)""");
        this.uniqueKeyHolder = tables.expand("""
                SELECT id FROM {prefix}jobs
                 WHERE name = ? AND queue = ? AND active_unique_key = ?""");
        // Two steps in one statement: H2 evaluates every matching row of a FOR UPDATE query before its LIMIT (a
        // claim scanned and sorted the whole backlog: 330 ms at 200,000 queued), so the candidates come from a
        // plain query that walks the claim index in its own order (ORDER BY names the equality columns too, or
        // H2 sorts) and stops after LIMIT rows, and only those are locked, by primary key.
        this.claim = tables.expand("""
                SELECT id, name, queue, priority, payload, fingerprint, attempt, max_attempts, timeout_ms,
                       enqueued_at, run_at
                  FROM {prefix}jobs
                 WHERE id IN (SELECT id
                                FROM {prefix}jobs
                               WHERE queue = ? AND state = 'AVAILABLE' AND run_at <= ?
                               ORDER BY queue, state, priority DESC, run_at, id
                               FETCH FIRST ? ROWS ONLY)
                   AND state = 'AVAILABLE'
                   FOR UPDATE SKIP LOCKED""");
        this.markClaimed = tables.expand("""
                UPDATE {prefix}jobs
                   SET state = 'RUNNING', attempt = attempt + 1, lease_owner = ?, lease_expires_at = ?
                 WHERE id = ? AND state = 'AVAILABLE'""");
        this.renew = tables.expand("""
                UPDATE {prefix}jobs
                   SET lease_expires_at = ?
                 WHERE id = ? AND lease_owner = ? AND attempt = ? AND state = 'RUNNING'""");
        this.release = tables.expand("""
                UPDATE {prefix}jobs
                   SET state = 'AVAILABLE', attempt = attempt - 1, lease_owner = NULL, lease_expires_at = NULL
                 WHERE id = ? AND lease_owner = ? AND attempt = ? AND state = 'RUNNING'""");
        this.complete = tables.expand("""
                UPDATE {prefix}jobs
                   SET state = 'SUCCEEDED', finished_at = ?, lease_owner = NULL, lease_expires_at = NULL
                 WHERE id = ? AND lease_owner = ? AND attempt = ? AND state = 'RUNNING'""");
        this.insertResult = tables.expand("""
                INSERT INTO {prefix}job_results (job_id, result) VALUES (?, ?)""");
        this.retry = tables.expand("""
                UPDATE {prefix}jobs
                   SET state = 'AVAILABLE', run_at = ?, lease_owner = NULL, lease_expires_at = NULL
                 WHERE id = ? AND lease_owner = ? AND attempt = ? AND state = 'RUNNING'""");
        this.kill = tables.expand("""
                UPDATE {prefix}jobs
                   SET state = 'DEAD', finished_at = ?, lease_owner = NULL, lease_expires_at = NULL
                 WHERE id = ? AND lease_owner = ? AND attempt = ? AND state = 'RUNNING'""");
        this.insertError = tables.expand("""
                INSERT INTO {prefix}job_errors (job_id, attempt, failed_at, error_type, message, stack_trace)
                VALUES (?, ?, ?, ?, ?, ?)""");
        this.expiredLeases = tables.expand("""
                SELECT id, attempt, max_attempts, lease_owner, lease_expires_at
                  FROM {prefix}jobs
                 WHERE state = 'RUNNING' AND lease_expires_at <= ?
                 ORDER BY lease_expires_at
                 FETCH FIRST ? ROWS ONLY
                   FOR UPDATE SKIP LOCKED""");
        this.cancel = tables.expand("""
                UPDATE {prefix}jobs
                   SET state = 'CANCELLED', finished_at = ?
                 WHERE id = ? AND state = 'AVAILABLE'""");
        this.findJob = tables.expand("""
                SELECT id, name, queue, state, attempt, max_attempts, priority, enqueued_at, run_at, finished_at,
                       unique_key
                  FROM {prefix}jobs
                 WHERE id = ?""");
        this.findErrors = tables.expand("""
                SELECT attempt, failed_at, error_type, message, stack_trace
                  FROM {prefix}job_errors
                 WHERE job_id = ?
                 ORDER BY attempt""");
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
        this.queueStats = tables.expand("""
                SELECT queue,
                       SUM(CASE WHEN state = 'AVAILABLE' AND run_at <= ? THEN 1 ELSE 0 END),
                       SUM(CASE WHEN state = 'AVAILABLE' AND run_at > ? AND attempt = 0 THEN 1 ELSE 0 END),
                       SUM(CASE WHEN state = 'RUNNING' THEN 1 ELSE 0 END),
                       SUM(CASE WHEN state = 'AVAILABLE' AND run_at > ? AND attempt > 0 THEN 1 ELSE 0 END),
                       MIN(CASE WHEN state = 'AVAILABLE' AND run_at <= ? THEN run_at END)
                  FROM {prefix}jobs
                 WHERE state IN ('AVAILABLE', 'RUNNING')
                 GROUP BY queue""");
        // No ORDER BY: H2 would read every expired job of the state and sort them before FETCH FIRST (it does not see
        // that the retention index is in finished_at order once state is fixed); the index scan itself goes oldest first.
        this.pruneFinished = tables.expand("""
                DELETE FROM {prefix}jobs
                 WHERE id IN (SELECT id FROM {prefix}jobs
                               WHERE state = ? AND finished_at < ?
                               FETCH FIRST ? ROWS ONLY)""");
    }

    @Override public String name() { return "h2"; }
    @Override public TableNames tables() { return tables; }
    @Override public String schemaResource() { return "dev/errand/backend/jdbc/schema/h2.sql"; }
    @Override public String lockSchema() { return lockSchema; }
    @Override public String unlockSchema() { return unlockSchema; }
    @Override public String schemaVersion() { return schemaVersion; }
    @Override public String recordSchemaVersion() { return recordSchemaVersion; }
    @Override public boolean allocatesIdRange() { return false; }
    @Override public String allocateIds() { return allocateIds; }
    @Override public String lastAllocatedId() { return lastAllocatedId; }
    @Override public String insertJob() { return insertJob; }
    @Override public boolean insertSkipsHeldUniqueKeys() { return false; }
    @Override public String uniqueKeyHolder() { return uniqueKeyHolder; }
    @Override public boolean claimsInOneStatement() { return false; }
    @Override public String claim() { return claim; }
    @Override public String markClaimed() { return markClaimed; }
    @Override public boolean renewsInOneStatement() { return false; }
    @Override public String renew() { return renew; }
    @Override public String release() { return release; }
    @Override public String complete() { return complete; }
    @Override public String insertResult() { return insertResult; }
    @Override public String retry() { return retry; }
    @Override public String kill() { return kill; }
    @Override public String insertError() { return insertError; }
    @Override public String expiredLeases() { return expiredLeases; }
    @Override public String cancel() { return cancel; }
    @Override public String findJob() { return findJob; }
    @Override public String findErrors() { return findErrors; }
    @Override public String lastError() { return lastError; }
    @Override public String finishedAmong() { return finishedAmong; }
    @Override public String nextRunAt() { return nextRunAt; }
    @Override public String queueStats() { return queueStats; }
    @Override public String pruneFinished() { return pruneFinished; }

    @Override
    public void bindIds(PreparedStatement ps, int index, long[] ids) throws SQLException {
        Long[] boxed = new Long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            boxed[i] = ids[i];
        }
        ps.setObject(index, boxed);
    }

    @Override
    public void bindTexts(PreparedStatement ps, int index, String[] values) throws SQLException {
        ps.setObject(index, values.clone());
    }

    @Override
    public void bindInts(PreparedStatement ps, int index, int[] values) throws SQLException {
        Integer[] boxed = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        ps.setObject(index, boxed);
    }
}
