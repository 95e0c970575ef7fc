package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.backend.jdbc.dialect.PostgresDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A one-statement write in auto-commit (one enqueue() on PostgreSQL) whose connection is lost may or may not have
 * committed: it is run once more, and a conflict on that second run means the first one went in. Never stored twice,
 * never lost, never reported as failed when it was stored.
 */
class AutoCommittedWriteTest {
    private static HikariDataSource pool;
    private static Database db;
    private static final AtomicInteger ids = new AtomicInteger();

    @BeforeAll
    static void open() {
        JdbcSettings settings = TestDatabases.postgres("autocommit");
        pool = TestDatabases.pool(settings);
        db = new Database(pool, new PostgresDialect(settings.tables()), false);
        TestDatabases.execute(pool, "CREATE TABLE items (id INT PRIMARY KEY CONSTRAINT positive_ids CHECK (id > 0))");
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void aWriteThatCommittedBeforeItsConnectionWasLost_isNotWrittenTwice_andReportsWhatItStored() {
        int id = ids.incrementAndGet();
        AtomicInteger runs = new AtomicInteger();
        Database.Work<String> write = c -> {
            boolean first = runs.incrementAndGet() == 1;
            insert(c, id); // the second time: a conflict with the first
            if (first) {
                throw new SQLException("connection lost after the commit", "08006");
            }
            return "inserted";
        };
        String result = db.autoCommitted(
                "insert an item",
                write,
                Database.againOrWritten(write, c -> count(c, id) == 1 ? "was inserted" : "missing"));
        assertThat(result).isEqualTo("was inserted");
        assertThat(runs).hasValue(2);
        assertThat(countNow(id)).isEqualTo(1);
    }

    @Test
    void aWriteLostBeforeItRan_isRunAgain() {
        int id = ids.incrementAndGet();
        AtomicInteger runs = new AtomicInteger();
        Database.Work<String> write = c -> {
            if (runs.incrementAndGet() == 1) {
                throw new SQLException("connection lost before the statement", "08006");
            }
            insert(c, id);
            return "inserted";
        };
        String result = db.autoCommitted("insert an item", write, Database.againOrWritten(write, c -> "was inserted"));
        assertThat(result).isEqualTo("inserted");
        assertThat(countNow(id)).isEqualTo(1);
    }

    /** The second run's conflict is not with the first run: the database's refusal is the error, not a made-up one. */
    @Test
    void aWriteLostBeforeItRan_thatTheDatabaseThenRefuses_failsWithTheRefusal() {
        AtomicInteger runs = new AtomicInteger();
        Database.Work<String> write = c -> {
            if (runs.incrementAndGet() == 1) {
                throw new SQLException("connection lost before the statement", "08006");
            }
            insert(c, -1);
            return "inserted";
        };

        assertThatThrownBy(() -> db.autoCommitted(
                        "insert an item",
                        write,
                        Database.againOrWritten(write, c -> count(c, -1) == 1 ? "was inserted" : null)))
                .isInstanceOf(JdbcBackendException.class)
                .hasMessageContaining("insert an item")
                .hasMessageContaining("SQLState 23514")
                .hasMessageContaining("positive_ids");
        assertThat(runs).hasValue(2);
    }

    @Test
    void anyOtherFailure_isReportedAtOnce_namingTheWrite() {
        int id = ids.incrementAndGet();
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> db.autoCommitted(
                        "insert an item",
                        c -> {
                            runs.incrementAndGet();
                            throw new SQLException("value too long", "22001");
                        },
                        c -> "written again"))
                .isInstanceOf(JdbcBackendException.class)
                .hasMessageContaining("insert an item");
        assertThat(runs).hasValue(1);
        assertThat(countNow(id)).isZero();
    }

    private static void insert(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (id) VALUES (?)")) {
            ps.setInt(1, id);
            ps.executeUpdate();
        }
    }

    private static int count(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM items WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int countNow(int id) {
        try (Connection c = pool.getConnection()) {
            return count(c, id);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
