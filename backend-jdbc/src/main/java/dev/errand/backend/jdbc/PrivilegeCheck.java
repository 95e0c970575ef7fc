package dev.errand.backend.jdbc;

import dev.errand.backend.jdbc.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Proves at start-up that the database user holds every privilege the backend uses at run time,
 * so a missing GRANT is one clear error naming {@code errand.jdbc.username} instead of a claim,
 * a failure record or the retention failing hours later. Each probe is a statement that needs the
 * privilege and changes no row ({@code WHERE 1 = 0}); all of them run in one transaction that is
 * rolled back. The statements are plain SQL that every dialect accepts; the table names come from
 * the validated prefix. The id allocation is probed with the dialect's own statement (on PostgreSQL
 * and H2 it takes one sequence value: a harmless gap in the ids).
 */
final class PrivilegeCheck {
    /** A statement and the privilege it proves. */
    private record Probe(String privilege, String template) {}

    /** Every statement in full; inserts list every NOT NULL column, as MariaDB checks defaults when it prepares them. */
    private static final List<Probe> PROBES = List.of(
            new Probe("SELECT on {prefix}jobs", """
                    SELECT id FROM {prefix}jobs WHERE 1 = 0"""),
            new Probe("INSERT on {prefix}jobs", """
                    INSERT INTO {prefix}jobs (id, name, queue, priority, state, attempt, max_attempts, timeout_ms,
                                              enqueued_at, run_at, fingerprint, payload)
                    SELECT id, name, queue, priority, state, attempt, max_attempts, timeout_ms,
                           enqueued_at, run_at, fingerprint, payload
                      FROM {prefix}jobs WHERE 1 = 0"""),
            new Probe("UPDATE on {prefix}jobs", """
                    UPDATE {prefix}jobs SET state = state WHERE 1 = 0"""),
            new Probe("DELETE on {prefix}jobs", """
                    DELETE FROM {prefix}jobs WHERE 1 = 0"""),
            new Probe("SELECT, INSERT on {prefix}job_errors", """
                    INSERT INTO {prefix}job_errors (job_id, attempt, failed_at, error_type, message, stack_trace)
                    SELECT job_id, attempt, failed_at, error_type, message, stack_trace
                      FROM {prefix}job_errors WHERE 1 = 0"""),
            new Probe("SELECT, INSERT on {prefix}job_results", """
                    INSERT INTO {prefix}job_results (job_id, result)
                    SELECT job_id, result FROM {prefix}job_results WHERE 1 = 0"""),
            new Probe("SELECT, UPDATE on {prefix}maintenance_lease", """
                    UPDATE {prefix}maintenance_lease SET owner = owner WHERE id = 1 AND until_us < 0"""),
            new Probe("SELECT, INSERT on {prefix}schedules", """
                    INSERT INTO {prefix}schedules (name, cron, zone, missed, max_catch_up, job_name, queue, priority,
                                                   max_attempts, timeout_ms, fingerprint, payload, next_fire, paused)
                    SELECT name, cron, zone, missed, max_catch_up, job_name, queue, priority,
                           max_attempts, timeout_ms, fingerprint, payload, next_fire, paused
                      FROM {prefix}schedules WHERE 1 = 0"""),
            new Probe("UPDATE on {prefix}schedules", """
                    UPDATE {prefix}schedules SET paused = paused WHERE 1 = 0"""),
            new Probe("DELETE on {prefix}schedules", """
                    DELETE FROM {prefix}schedules WHERE 1 = 0"""),
            new Probe("SELECT, INSERT on {prefix}paused_queues", """
                    INSERT INTO {prefix}paused_queues (queue, paused_at)
                    SELECT queue, paused_at FROM {prefix}paused_queues WHERE 1 = 0"""),
            new Probe("DELETE on {prefix}paused_queues", """
                    DELETE FROM {prefix}paused_queues WHERE 1 = 0"""));

    /** SQLStates and vendor codes that mean "not allowed": PostgreSQL, MySQL/MariaDB, H2. */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private static final Set<Integer> DENIED_CODES = Set.of(1142, 1143, 1044, 1227, 1370, 90096);

    private PrivilegeCheck() {}

    /** Throws a {@link JdbcBackendException} listing every missing privilege; returns when all are there. */
    static void verify(Database db, String source) {
        Dialect dialect = db.dialect();
        List<String> missing = new ArrayList<>();
        String user;
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            user = c.getMetaData().getUserName();
            try {
                for (Probe probe : PROBES) {
                    try (Statement s = c.createStatement()) {
                        s.execute(dialect.tables().expand(probe.template()));
                    } catch (SQLException e) {
                        missing.add(denied(dialect.tables().expand(probe.privilege()), e));
                        c.rollback(); // PostgreSQL refuses every further statement of a failed transaction
                    }
                }
                try {
                    dialect.ids().probe(c);
                } catch (SQLException e) {
                    missing.add(denied(dialect.ids().privilege(), e));
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw JdbcBackendException.of("check the database user's privileges", dialect.name(), e);
        }
        if (!missing.isEmpty()) {
            throw new JdbcBackendException(
                    "the database user '" + user + "' (" + JdbcSettings.USERNAME + ", from " + source
                            + ") lacks privileges the JDBC backend needs on " + dialect.name() + ": "
                            + String.join("; ", missing)
                            + ". Grant them (backend-jdbc/README.md, \"Privileges\", lists every GRANT) or set "
                            + JdbcSettings.USERNAME + " to a user that has them",
                    null);
        }
    }

    /** True when the database refused the statement for lack of a privilege. */
    static boolean isDenied(SQLException e) {
        return INSUFFICIENT_PRIVILEGE.equals(e.getSQLState()) || DENIED_CODES.contains(e.getErrorCode());
    }

    private static String denied(String privilege, SQLException e) throws SQLException {
        if (!isDenied(e)) {
            throw e;
        }
        return privilege + " (" + e.getMessage().strip() + ")";
    }
}
