package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.testservers.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The backend contract on a real PostgreSQL 14 server (LISTEN/NOTIFY wake-ups and outcomes); the
 * subclasses run it on the oldest and the newest major the backend claims.
 */
class PostgresContractTest extends JdbcContract {
    /** One store per major, made on first use; closed after each test class. */
    private static final Map<Integer, SharedStore> STORES = new HashMap<>();

    /** The PostgreSQL major this class runs the contract on. */
    int major() {
        return PostgresServer.BUNDLED;
    }

    @AfterAll
    static synchronized void close() {
        STORES.values().forEach(SharedStore::close);
        STORES.clear();
    }

    @Override
    SharedStore store() {
        synchronized (PostgresContractTest.class) {
            return STORES.computeIfAbsent(
                    major(),
                    major -> new SharedStore(TestDatabases.settings(
                            PostgresServer.shared(major).newDatabase("contract"),
                            PostgresServer.USER,
                            PostgresServer.PASSWORD)));
        }
    }

    /** The server is the major this class claims to test, not the binaries on the class path by mistake. */
    @Test
    void runsOnTheMajorUnderTest() throws SQLException {
        try (Connection c = store().pool.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SHOW server_version_num")) {
            r.next();
            assertThat(r.getInt(1) / 10000)
                    .as("server_version_num " + r.getInt(1))
                    .isEqualTo(major());
        }
    }
}
