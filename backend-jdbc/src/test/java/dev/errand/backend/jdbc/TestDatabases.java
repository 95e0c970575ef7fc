package dev.errand.backend.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.backend.jdbc.dialect.TableNames;
import dev.errand.config.ErrandConfig;
import dev.errand.testservers.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** Settings and shared pools for tests, built by the production code paths. */
final class TestDatabases {
    private TestDatabases() {}

    /** Settings for {@code url} plus extra {@code errand.*} keys given as key, value, key, value... */
    static JdbcSettings settings(String url, String user, String password, String... extra) {
        Map<String, String> values = new HashMap<>();
        values.put(JdbcSettings.URL, url);
        if (user != null) {
            values.put(JdbcSettings.USERNAME, user);
        }
        if (password != null) {
            values.put(JdbcSettings.PASSWORD, password);
        }
        values.put("errand.jdbc.pool.maximumPoolSize", "24");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            values.put(extra[i], extra[i + 1]);
        }
        return JdbcSettings.from(ErrandConfig.of(values, "test"));
    }

    /** Settings for a new database of that name on the shared PostgreSQL test server, plus extra keys as above. */
    static JdbcSettings postgres(String database, String... extra) {
        return settings(
                PostgresServer.shared().newDatabase(database), PostgresServer.USER, PostgresServer.PASSWORD, extra);
    }

    /** A pool on a database that has Errand's schema: a backend opened on it once made it. */
    static HikariDataSource poolWithSchema(JdbcSettings settings) {
        HikariDataSource pool = pool(settings);
        new JdbcBackend(settings, pool, Clock.systemUTC()).close();
        return pool;
    }

    static HikariDataSource pool(JdbcSettings settings) {
        return Pools.open(settings);
    }

    /**
     * Deletes every job (errors and results go with them) and frees the maintenance lease, so the next backend starts
     * on an empty store.
     */
    static void empty(DataSource ds, JdbcSettings settings) {
        String jobs = settings.tables().jobs();
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM " + jobs);
            s.executeUpdate(settings.tables().expand("UPDATE {prefix}maintenance_lease SET owner = '', until_us = 0"));
            s.executeUpdate(settings.tables().expand("DELETE FROM {prefix}schedules"));
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty " + jobs, e);
        }
    }

    /**
     * PostgreSQL's plan of {@code sql} (with {@code ?} parameters) as the backend runs it: a server-side prepared
     * statement of the parameter {@code types}, executed with {@code args} under {@code planCacheMode}
     * ({@code force_custom_plan}, or {@code force_generic_plan}, the plan PostgreSQL caches after a few executions).
     */
    static String explainPrepared(DataSource ds, String sql, String types, String args, String planCacheMode)
            throws SQLException {
        return explainPrepared(ds, "EXPLAIN", sql, types, args, planCacheMode);
    }

    /** The PostgreSQL claim's parameter types, in the order {@code OneStatementClaim} binds them. */
    static final String POSTGRES_CLAIM_TYPES = "text, bigint, text[], bigint, bigint, int, int, int";

    /** Arguments of those types: worker-1 claims up to {@code max} jobs of {@code queue} due at {@code now}. */
    static String postgresClaimArguments(String queue, long now, long leaseExpires, int max) {
        return "'worker-1', " + leaseExpires + ", '{" + queue + "}', " + now + ", " + now + ", " + max + ", " + max
                + ", " + max;
    }

    /**
     * As {@link #explainPrepared}, but run: {@code EXPLAIN (ANALYZE, BUFFERS)} of the statement, rolled back, so the
     * plan says how many rows each node read and how many its filter dropped.
     */
    static String explainAnalyzePrepared(DataSource ds, String sql, String types, String args) throws SQLException {
        return explainAnalyzePrepared(ds, sql, types, args, "auto");
    }

    /** As above, with that {@code plan_cache_mode} (force_custom_plan, force_generic_plan or auto). */
    static String explainAnalyzePrepared(DataSource ds, String sql, String types, String args, String planCacheMode)
            throws SQLException {
        return explainPrepared(ds, "EXPLAIN (ANALYZE, BUFFERS)", sql, types, args, planCacheMode);
    }

    private static String explainPrepared(
            DataSource ds, String explain, String sql, String types, String args, String planCacheMode)
            throws SQLException {
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            numbered.append(ch == '?' ? "$" + ++n : String.valueOf(ch));
        }
        StringBuilder plan = new StringBuilder();
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("SET plan_cache_mode = " + planCacheMode);
            s.execute("PREPARE explained (" + types + ") AS " + numbered);
            try (ResultSet rs = s.executeQuery(explain + " EXECUTE explained(" + args + ")")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            s.execute("DEALLOCATE explained");
            s.execute("RESET plan_cache_mode");
            c.rollback();
        }
        return plan.toString();
    }

    /** H2's {@code EXPLAIN ANALYZE} of {@code sql} with these parameters, rolled back. */
    static String h2ExplainAnalyze(DataSource ds, String sql, Object... params) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("EXPLAIN ANALYZE " + sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            } finally {
                c.rollback();
            }
        }
    }

    /** The rows each table access of an H2 {@code EXPLAIN ANALYZE} plan read ({@code scanCount}), in plan order. */
    static List<Integer> h2ScanCounts(String plan) {
        List<Integer> counts = new ArrayList<>();
        Matcher scans = Pattern.compile("scanCount: (\\d+)").matcher(plan);
        while (scans.find()) {
            counts.add(Integer.parseInt(scans.group(1)));
        }
        return counts;
    }

    /**
     * Creates the tables as a release of schema version 1 did (its script, with the default prefix), for upgrade
     * tests; {@code database} names the script: {@code h2}, {@code postgres} or {@code mysql}.
     */
    static void createSchemaVersion1(DataSource ds, String database) {
        String resource = "dev/errand/backend/jdbc/schema/" + database + ".sql";
        try (var in = TestDatabases.class.getClassLoader().getResourceAsStream(resource);
                Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            String v1 = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            for (String statement :
                    Schema.statements(TableNames.withPrefix("errand_").expand(v1))) {
                s.execute(statement);
            }
            s.execute("INSERT INTO errand_schema_version VALUES (1, 0, '" + resource + "')");
            c.commit();
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("could not create schema version 1 from " + resource, e);
        }
    }

    static void execute(DataSource ds, String... statements) {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + String.join("; ", statements), e);
        }
    }

    /** The first column of the first row {@code query} returns, as text. */
    static String firstValue(DataSource ds, String query) {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            String value = rs.getString(1);
            c.commit();
            return value;
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + query, e);
        }
    }

    /**
     * PostgreSQL: an {@code INSERT} of jobs 1 to {@code count}, all in {@code state} at {@code attempt}, enqueued and
     * due at their id (in µs), and finished then too when {@code finished}: the table a plan test fills.
     */
    static String insertJobs(String jobs, int count, String state, int attempt, boolean finished) {
        return "INSERT INTO " + jobs + " (id, name, queue, priority, state, attempt, max_attempts, timeout_ms,"
                + " enqueued_at, run_at, fingerprint, payload, finished_at)"
                + " SELECT g, 'noop', 'q', 0, '" + state + "', " + attempt + ", 3, 60000, g, g, 'f', '\\x5b5d'::bytea, "
                + (finished ? "g" : "NULL") + " FROM generate_series(1, " + count + ") g";
    }
}
