package dev.errand.backend.jdbc.dialect;

import java.util.function.UnaryOperator;

/**
 * The statements every supported database runs as written, each in full once; the dialect
 * classes add what differs.
 */
abstract class AbstractDialect implements Dialect {
    private final TableNames tables;
    private final String schemaVersion;
    private final String release;
    private final String complete;
    private final String insertResult;
    private final String retry;
    private final String kill;
    private final String insertError;
    private final String cancel;
    private final String findJob;
    private final String jobArguments;
    private final String findErrors;
    private final String queueStats;
    private final String finishedStats;
    private final ScheduleStatements schedules;
    private final String retryJob;
    private final String deadJobs;
    private final String deleteJob;
    private final String jobLease;
    private final String resumeQueue;
    private final String pausedQueues;

    /** The statements with each state constant written as itself ({@code 'RUNNING'}). */
    AbstractDialect(TableNames tables) {
        this(tables, state -> "'" + state + "'");
    }

    /**
     * @param stateValue how a statement that finds a job by its key writes the state it checks: the quoted constant,
     *     or on PostgreSQL a sub-select of it ({@link PostgresDialect#unseen}), which keeps the planner from reading a
     *     partial index of that state instead of the key
     */
    AbstractDialect(TableNames tables, UnaryOperator<String> stateValue) {
        String running = stateValue.apply("RUNNING");
        this.tables = tables;
        this.schemaVersion = tables.expand("""
                SELECT MAX(version) FROM {prefix}schema_version""");
        this.release = tables.expand("""
                UPDATE {prefix}jobs
                   SET state = 'AVAILABLE', attempt = attempt - 1, lease_owner = NULL, lease_expires_at = NULL
                 WHERE id = ? AND lease_owner = ? AND attempt = ? AND state = %s""".formatted(running));
        this.complete = tables.expand("""
                UPDATE {prefix}jobs
                   SET state = 'SUCCEEDED', finished_at = ?, lease_owner = NULL, lease_expires_at = NULL
                 WHERE id = ? AND lease_owner = ? AND attempt = ? AND state = %s""".formatted(running));
        this.insertResult = tables.expand("""
                INSERT INTO {prefix}job_results (job_id, result) VALUES (?, ?)""");
        this.retry = tables.expand("""
                UPDATE {prefix}jobs
                   SET state = 'AVAILABLE', run_at = ?, lease_owner = NULL, lease_expires_at = NULL
                 WHERE id = ? AND lease_owner = ? AND attempt = ? AND state = %s""".formatted(running));
        this.kill = tables.expand("""
                UPDATE {prefix}jobs
                   SET state = 'DEAD', finished_at = ?, lease_owner = NULL, lease_expires_at = NULL
                 WHERE id = ? AND lease_owner = ? AND attempt = ? AND state = %s""".formatted(running));
        this.insertError = tables.expand("""
                INSERT INTO {prefix}job_errors (job_id, attempt, failed_at, error_type, message, stack_trace)
                VALUES (?, ?, ?, ?, ?, ?)""");
        this.cancel = tables.expand("""
                UPDATE {prefix}jobs
                   SET state = 'CANCELLED', finished_at = ?
                 WHERE id = ? AND state = %s""".formatted(stateValue.apply("AVAILABLE")));
        this.findJob = tables.expand("""
                SELECT id, name, queue, state, attempt, max_attempts, priority, enqueued_at, run_at, finished_at,
                       unique_key, headers
                  FROM {prefix}jobs
                 WHERE id = ?""");
        this.jobArguments = tables.expand("""
                SELECT payload FROM {prefix}jobs WHERE id = ?""");
        this.findErrors = tables.expand("""
                SELECT attempt, failed_at, error_type, message, stack_trace
                  FROM {prefix}job_errors
                 WHERE job_id = ?
                 ORDER BY attempt""");
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
        this.finishedStats = tables.expand("""
                SELECT queue, state, COUNT(*)
                  FROM {prefix}jobs
                 WHERE state IN ('DEAD', 'CANCELLED')
                    OR (state = 'SUCCEEDED' AND finished_at >= ?)
                 GROUP BY queue, state""");
        this.schedules = new ScheduleStatements(tables);
        this.retryJob = tables.expand("""
                UPDATE {prefix}jobs
                   SET state = 'AVAILABLE', run_at = ?, finished_at = NULL, max_attempts = attempt + max_attempts,
                       lease_owner = NULL, lease_expires_at = NULL
                 WHERE id = ? AND state IN (%s, %s)""".formatted(stateValue.apply("DEAD"), stateValue.apply("CANCELLED")));
        // Along the listing index on (state, enqueued_at, id) of schema version 4, from a keyset cursor; a job whose
        // unique key an unfinished job holds now is left dead.
        this.deadJobs = tables.expand("""
                SELECT d.id, d.enqueued_at
                  FROM {prefix}jobs d
                 WHERE d.state = 'DEAD' AND (? = '' OR d.name = ?) AND (? = '' OR d.queue = ?)
                   AND (d.enqueued_at > ? OR (d.enqueued_at = ? AND d.id > ?))
                   AND (d.unique_key IS NULL OR NOT EXISTS (
                        SELECT 1 FROM {prefix}jobs h
                         WHERE h.name = d.name AND h.queue = d.queue AND h.unique_key = d.unique_key
                           AND h.state IN ('AVAILABLE', 'RUNNING')))
                 ORDER BY d.enqueued_at, d.id
                 LIMIT ?""");
        this.deleteJob = tables.expand("""
                DELETE FROM {prefix}jobs WHERE id = ? AND state <> 'RUNNING'""");
        this.jobLease = tables.expand("""
                SELECT state, lease_owner FROM {prefix}jobs WHERE id = ?""");
        this.resumeQueue = tables.expand("""
                DELETE FROM {prefix}paused_queues WHERE queue = ?""");
        this.pausedQueues = tables.expand("""
                SELECT queue FROM {prefix}paused_queues""");
    }

    @Override
    public final TableNames tables() {
        return tables;
    }

    @Override
    public final String schemaVersion() {
        return schemaVersion;
    }

    @Override
    public final String release() {
        return release;
    }

    @Override
    public final String complete() {
        return complete;
    }

    @Override
    public final String insertResult() {
        return insertResult;
    }

    @Override
    public final String retry() {
        return retry;
    }

    @Override
    public final String kill() {
        return kill;
    }

    @Override
    public final String insertError() {
        return insertError;
    }

    @Override
    public final String cancel() {
        return cancel;
    }

    @Override
    public final String findJob() {
        return findJob;
    }

    @Override
    public final String findErrors() {
        return findErrors;
    }

    @Override
    public final String queueStats() {
        return queueStats;
    }

    @Override
    public final String jobArguments() {
        return jobArguments;
    }

    @Override
    public final String finishedStats() {
        return finishedStats;
    }

    @Override
    public final ScheduleStatements schedules() {
        return schedules;
    }

    @Override
    public final String retryJob() {
        return retryJob;
    }

    @Override
    public final String deadJobs() {
        return deadJobs;
    }

    @Override
    public final String deleteJob() {
        return deleteJob;
    }

    @Override
    public final String jobLease() {
        return jobLease;
    }

    @Override
    public final String resumeQueue() {
        return resumeQueue;
    }

    @Override
    public final String pausedQueues() {
        return pausedQueues;
    }
}
