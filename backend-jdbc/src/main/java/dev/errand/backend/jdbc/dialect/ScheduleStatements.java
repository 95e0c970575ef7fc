package dev.errand.backend.jdbc.dialect;

/**
 * The statements on {@code {prefix}schedules} (schema version 3), which every supported database runs as written.
 * Times are epoch microseconds of the backend's clock. The schedule columns, in this order, are those of
 * {@link #COLUMNS}; {@link #insert()} binds them in that order, and the reading statements return them so.
 */
public final class ScheduleStatements {
    /** The columns of a schedule row, in bind and read order. */
    public static final String COLUMNS = "name, cron, zone, missed, max_catch_up, job_name, queue, priority, "
            + "max_attempts, timeout_ms, fingerprint, payload, next_fire, paused, last_fire, last_job_id";

    private final String insert;
    private final String lock;
    private final String update;
    private final String all;
    private final String due;
    private final String advance;
    private final String recordLast;
    private final String pause;
    private final String resume;
    private final String delete;

    ScheduleStatements(TableNames tables) {
        this.insert = tables.expand("""
                INSERT INTO {prefix}schedules (name, cron, zone, missed, max_catch_up, job_name, queue, priority,
                                               max_attempts, timeout_ms, fingerprint, payload, next_fire, paused,
                                               last_fire, last_job_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        this.lock = tables.expand("""
                SELECT name, cron, zone, missed, max_catch_up, job_name, queue, priority, max_attempts, timeout_ms,
                       fingerprint, payload, next_fire, paused, last_fire, last_job_id
                  FROM {prefix}schedules
                 WHERE name = ?
                   FOR UPDATE""");
        this.update = tables.expand("""
                UPDATE {prefix}schedules
                   SET cron = ?, zone = ?, missed = ?, max_catch_up = ?, job_name = ?, queue = ?, priority = ?,
                       max_attempts = ?, timeout_ms = ?, fingerprint = ?, payload = ?, next_fire = ?
                 WHERE name = ?""");
        this.all = tables.expand("""
                SELECT name, cron, zone, missed, max_catch_up, job_name, queue, priority, max_attempts, timeout_ms,
                       fingerprint, payload, next_fire, paused, last_fire, last_job_id
                  FROM {prefix}schedules
                 ORDER BY name""");
        this.due = tables.expand("""
                SELECT name, cron, zone, missed, max_catch_up, job_name, queue, priority, max_attempts, timeout_ms,
                       fingerprint, payload, next_fire, paused, last_fire, last_job_id
                  FROM {prefix}schedules
                 WHERE paused = FALSE AND next_fire <= ?
                 ORDER BY next_fire
                 LIMIT ?""");
        this.advance = tables.expand("""
                UPDATE {prefix}schedules
                   SET next_fire = ?
                 WHERE name = ? AND next_fire = ? AND paused = FALSE""");
        this.recordLast = tables.expand("""
                UPDATE {prefix}schedules
                   SET last_fire = ?, last_job_id = ?
                 WHERE name = ?""");
        this.pause = tables.expand("""
                UPDATE {prefix}schedules
                   SET paused = TRUE
                 WHERE name = ?""");
        this.resume = tables.expand("""
                UPDATE {prefix}schedules
                   SET paused = FALSE, next_fire = ?
                 WHERE name = ?""");
        this.delete = tables.expand("""
                DELETE FROM {prefix}schedules
                 WHERE name = ?""");
    }

    /** A new schedule: every column of {@link #COLUMNS}. */
    public String insert() {
        return insert;
    }

    /** One schedule, locked until the transaction ends: (name) → {@link #COLUMNS}. */
    public String lock() {
        return lock;
    }

    /** Replaces a schedule's definition and next instant: (cron ... payload, next_fire, name). */
    public String update() {
        return update;
    }

    /** Every schedule: () → {@link #COLUMNS}, by name. */
    public String all() {
        return all;
    }

    /** Schedules due and not paused: (now, limit) → {@link #COLUMNS}, earliest first. */
    public String due() {
        return due;
    }

    /** The compare-and-set that fires a schedule: (new next_fire, name, expected next_fire); one row or none. */
    public String advance() {
        return advance;
    }

    /** The last run enqueued: (last_fire, last_job_id, name). */
    public String recordLast() {
        return recordLast;
    }

    /** (name). */
    public String pause() {
        return pause;
    }

    /** (next_fire, name). */
    public String resume() {
        return resume;
    }

    /** (name). */
    public String delete() {
        return delete;
    }
}
