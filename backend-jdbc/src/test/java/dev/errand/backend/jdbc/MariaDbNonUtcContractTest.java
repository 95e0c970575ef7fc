package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.testservers.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The backend contract again with time zones that are not UTC on purpose: the MariaDB session
 * runs at {@code time_zone='-08:00'} and the JVM at America/Los_Angeles (db-scheduler's trick).
 * Instants are stored as UTC epoch microseconds, so nothing may shift.
 */
@Tag("slow")
class MariaDbNonUtcContractTest extends JdbcContract {
    private static SharedStore store;
    private static TimeZone jvmZone;

    @BeforeAll
    static void open() throws SQLException {
        jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
        store = new SharedStore(TestDatabases.settings(
                MariaDbServer.shared().newDatabase("nonutc", "?sessionVariables=time_zone='-08:00'"),
                MariaDbServer.USER,
                null));
        try (Connection c = store.pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT @@session.time_zone")) {
            rs.next();
            assertThat(rs.getString(1))
                    .as("the session time zone this test depends on")
                    .isEqualTo("-08:00");
            c.commit();
        }
    }

    @AfterAll
    static void close() {
        store.close();
        TimeZone.setDefault(jvmZone);
    }

    @Override
    SharedStore store() {
        return store;
    }
}
