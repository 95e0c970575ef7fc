package dev.errand.backend.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.config.ErrandConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
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

    static HikariDataSource pool(JdbcSettings settings) {
        return Pools.open(settings);
    }

    /**
     * Deletes every job (errors and results go with them) and frees the maintenance lease, so the next backend starts
     * on an empty store.
     */
    static void empty(DataSource ds, JdbcSettings settings) {
        String jobs = settings.tables().jobs();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM " + jobs);
            s.executeUpdate(settings.tables().expand("UPDATE {prefix}maintenance_lease SET owner = '', until_us = 0"));
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty " + jobs, e);
        }
    }

    static void execute(DataSource ds, String... statements) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + String.join("; ", statements), e);
        }
    }
}
