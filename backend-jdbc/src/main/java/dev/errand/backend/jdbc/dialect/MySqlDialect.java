package dev.errand.backend.jdbc.dialect;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * MariaDB 10.6 or newer (tested: 10.11) and MySQL 8.0.14 or newer (untested). A claim locks each
 * queue's first candidates with {@code SELECT ... FOR UPDATE SKIP LOCKED} along the claim index
 * and leases them in the same transaction (neither database can {@code UPDATE ... RETURNING} or
 * take {@code LIMIT} in an {@code IN} subquery). Ids come from a one-row counter ({@code
 * LAST_INSERT_ID(expr)}), as MySQL has no sequences; unique keys live in the generated column
 * {@code active_unique_key}, which holds the key while a job is unfinished and NULL after, under a
 * unique index; duplicates are skipped with {@code ON DUPLICATE KEY UPDATE id = id}. Sets are JSON
 * arrays read with {@code JSON_TABLE}. The claim index orders on {@code priority_rank = -priority}
 * so it also serves MariaDB versions that ignore {@code DESC} in index definitions.
 */
public final class MySqlDialect implements Dialect {
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

    public MySqlDialect(TableNames tables) {
        this.tables = tables;
        this.lockSchema = tables.expand("""
                SELECT GET_LOCK('{prefix}schema', 60)""");
        this.unlockSchema = tables.expand("""
                SELECT RELEASE_LOCK('{prefix}schema')""");
        this.schemaVersion = tables.expand("""
                SELECT MAX(version) FROM {prefix}schema_version""");
        this.recordSchemaVersion = tables.expand("""
                INSERT INTO {prefix}schema_version (version, applied_at, description) VALUES (?, ?, ?)
                ON DUPLICATE KEY UPDATE version = version""");
        this.allocateIds = tables.expand("""
                UPDATE {prefix}id_block SET next_id = LAST_INSERT_ID(next_id + ?) WHERE id = 1""");
        this.lastAllocatedId = """
                SELECT LAST_INSERT_ID()""";
        this.insertJob = tables.expand("""
                INSERT INTO {prefix}jobs (id, name, queue, priority, state, attempt, max_attempts, timeout_ms,
                                          enqueued_at, run_at, unique_key, fingerprint, payload)
                VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE id = id""");
        this.uniqueKeyHolder = tables.expand("""
                SELECT id FROM {prefix}jobs
                 WHERE name = ? AND queue = ? AND active_unique_key = ?
                  LOCK IN SHARE MODE""");
        this.claim = tables.expand("""
                SELECT id, name, queue, priority, payload, fingerprint, attempt, max_attempts, timeout_ms,
                       enqueued_at, run_at
                  FROM {prefix}jobs
                 WHERE queue = ? AND state = 'AVAILABLE' AND run_at <= ?
                 ORDER BY priority_rank, run_at, id
                 LIMIT ?
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
                 LIMIT ?
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
                 LIMIT 1""");
        this.finishedAmong = tables.expand("""
                SELECT j.id, j.state, r.result
                  FROM {prefix}jobs j
                  JOIN JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT PATH '$')) AS wanted ON wanted.id = j.id
                  LEFT JOIN {prefix}job_results r ON r.job_id = j.id
                 WHERE j.state IN ('SUCCEEDED', 'DEAD', 'CANCELLED')""");
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
        // The batch's ids come from the retention index, named: given the choice, MariaDB read every job of the state
        // along the leases index, which also starts with state, and sorted them (MySqlRetentionPlanTest). A derived
        // table, because MySQL allows no LIMIT in an IN subquery and single-table DELETE takes no index hint.
        this.pruneFinished = tables.expand("""
                DELETE j FROM {prefix}jobs j
                  JOIN (SELECT id FROM {prefix}jobs FORCE INDEX ({prefix}jobs_retention)
                         WHERE state = ? AND finished_at < ?
                         ORDER BY finished_at
                         LIMIT ?) batch ON batch.id = j.id""");
    }

    @Override public String name() { return "mysql"; }
    @Override public TableNames tables() { return tables; }
    @Override public String schemaResource() { return "dev/errand/backend/jdbc/schema/mysql.sql"; }
    @Override public String lockSchema() { return lockSchema; }
    @Override public String unlockSchema() { return unlockSchema; }
    @Override public String schemaVersion() { return schemaVersion; }
    @Override public String recordSchemaVersion() { return recordSchemaVersion; }
    @Override public boolean allocatesIdRange() { return true; }
    @Override public String allocateIds() { return allocateIds; }
    @Override public String lastAllocatedId() { return lastAllocatedId; }
    @Override public String insertJob() { return insertJob; }
    @Override public boolean insertSkipsHeldUniqueKeys() { return true; }
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
        StringBuilder json = new StringBuilder(ids.length * 8 + 2).append('[');
        for (int i = 0; i < ids.length; i++) {
            json.append(i == 0 ? "" : ",").append(ids[i]);
        }
        ps.setString(index, json.append(']').toString());
    }

    @Override
    public void bindTexts(PreparedStatement ps, int index, String[] values) throws SQLException {
        StringBuilder json = new StringBuilder().append('[');
        for (int i = 0; i < values.length; i++) {
            json.append(i == 0 ? "\"" : ",\"");
            for (char c : values[i].toCharArray()) {
                if (c == '"' || c == '\\') {
                    json.append('\\').append(c);
                } else if (c < 0x20) {
                    json.append(String.format("\\u%04x", (int) c));
                } else {
                    json.append(c);
                }
            }
            json.append('"');
        }
        ps.setString(index, json.append(']').toString());
    }

    @Override
    public void bindInts(PreparedStatement ps, int index, int[] values) throws SQLException {
        StringBuilder json = new StringBuilder().append('[');
        for (int i = 0; i < values.length; i++) {
            json.append(i == 0 ? "" : ",").append(values[i]);
        }
        ps.setString(index, json.append(']').toString());
    }
}
