package dev.errand.cli;

import dev.errand.testservers.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JDBC backend's job table of one test database, read in one query: what {@code Errand.job(id)}
 * shows for every job at once (state, attempt, error history), for tests that check thousands of
 * jobs. Ids are the {@code JobId} values.
 */
final class JobTable {
    record Job(String id, String state, int attempt, long finishedAtMicros) {}

    record Error(int attempt, String type, String message) {}

    private final String url;

    JobTable(String url) {
        this.url = url;
    }

    /** Every job the table holds, by id. */
    Map<String, Job> jobs() {
        Map<String, Job> jobs = new HashMap<>();
        query("SELECT id, state, attempt, COALESCE(finished_at, 0) FROM errand_jobs", rs -> {
            String id = Long.toString(rs.getLong(1));
            jobs.put(id, new Job(id, rs.getString(2), rs.getInt(3), rs.getLong(4)));
        });
        return jobs;
    }

    /** Every recorded failed attempt, by job id, oldest first. */
    Map<String, List<Error>> errors() {
        Map<String, List<Error>> errors = new HashMap<>();
        query(
                "SELECT job_id, attempt, error_type, message FROM errand_job_errors ORDER BY job_id, attempt",
                rs -> errors.computeIfAbsent(Long.toString(rs.getLong(1)), k -> new ArrayList<>())
                        .add(new Error(rs.getInt(2), rs.getString(3), rs.getString(4))));
        return errors;
    }

    /** How many jobs are in this state; -1 while the database cannot be reached (a restart in progress). */
    long count(String state) {
        long[] n = {-1};
        try {
            query("SELECT count(*) FROM errand_jobs WHERE state = '" + state + "'", rs -> n[0] = rs.getLong(1));
        } catch (IllegalStateException e) {
            return -1;
        }
        return n[0];
    }

    /** Jobs not finished yet (waiting or running); -1 while the database cannot be reached. */
    long unfinished() {
        long[] n = {-1};
        try {
            query(
                    "SELECT count(*) FROM errand_jobs WHERE state IN ('AVAILABLE', 'RUNNING')",
                    rs -> n[0] = rs.getLong(1));
        } catch (IllegalStateException e) {
            return -1;
        }
        return n[0];
    }

    /** A server setting ({@code SHOW name}). */
    String setting(String name) {
        String[] value = {null};
        query("SHOW " + name, rs -> value[0] = rs.getString(1));
        return value[0];
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row) {
        try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                row.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the job table at " + url + ": " + e.getMessage(), e);
        }
    }
}
