package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.backend.jdbc.dialect.MySqlDialect;
import dev.errand.testservers.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * MySQL's {@code GET_LOCK} answers 0 when it waited in vain instead of failing: a process that finds another creating
 * or upgrading the schema for longer than it waits stops with a message, instead of running the DDL beside it.
 */
class MySqlSchemaLockTest {
    @Test
    void aSchemaLockHeldLongerThanTheWait_failsTheStart_sayingToStartAgain_andOnceFreedTheSchemaIsCreated()
            throws Exception {
        JdbcSettings settings =
                TestDatabases.settings(MariaDbServer.shared().newDatabase("schemalock", ""), MariaDbServer.USER, "");
        try (HikariDataSource pool = TestDatabases.pool(settings);
                Connection other = pool.getConnection();
                Statement holder = other.createStatement()) {
            assertThat(answer(holder, "SELECT GET_LOCK('errand_schema', 0)"))
                    .as("the other process's lock")
                    .isOne();
            Database db = new Database(pool, new MySqlDialect(settings.tables(), Duration.ofSeconds(1)), false);

            assertThatThrownBy(() -> Schema.prepare(db, true, Clock.systemUTC(), "test"))
                    .isInstanceOf(JdbcBackendException.class)
                    .hasMessageContaining(
                            "another process held the lock on the Errand schema with table prefix errand_")
                    .hasMessageContaining("Start this process again once it is done");
            assertThat(answer(
                            holder,
                            "SELECT count(*) FROM information_schema.tables"
                                    + " WHERE table_schema = DATABASE() AND table_name = 'errand_jobs'"))
                    .as("tables created beside the holder")
                    .isZero();

            assertThat(answer(holder, "SELECT RELEASE_LOCK('errand_schema')")).isOne();
            Schema.prepare(db, true, Clock.systemUTC(), "test");
            assertThat(answer(holder, "SELECT count(*) FROM errand_jobs")).isZero();
        }
    }

    private static long answer(Statement s, String query) throws Exception {
        try (ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
