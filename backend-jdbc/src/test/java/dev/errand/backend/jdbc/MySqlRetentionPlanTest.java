package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.backend.jdbc.dialect.MySqlDialect;
import dev.errand.testservers.MariaDbServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A MySQL/MariaDB prune batch reads the retention index and about as many rows as it deletes: left to choose, MariaDB
 * took the leases index, which also starts with state, read every succeeded job and sorted them (30,000 rows for a
 * batch of 2,000 here). Runs the batch under MariaDB's {@code ANALYZE}, which executes it (rolled back) and counts the
 * rows each table access read; asserts those counts, never timing.
 */
class MySqlRetentionPlanTest {
    private static JdbcSettings settings;
    private static HikariDataSource pool;

    @BeforeAll
    static void fill() {
        settings = TestDatabases.settings(
                MariaDbServer.shared().newDatabase("retention_plan", ""), MariaDbServer.USER, null);
        pool = TestDatabases.poolWithSchema(settings);
        String jobs = settings.tables().jobs();
        // 30,000 dead jobs that finished first, then 30,000 succeeded ones, then 20,000 waiting.
        TestDatabases.execute(
                pool,
                "INSERT INTO " + jobs + " (id, name, queue, priority, state, attempt, max_attempts,"
                        + " timeout_ms, enqueued_at, run_at, finished_at, fingerprint, payload) SELECT seq, 'noop', 'q', 0,"
                        + " CASE WHEN seq <= 30000 THEN 'DEAD' WHEN seq <= 60000 THEN 'SUCCEEDED' ELSE 'AVAILABLE' END, 1, 1, 60000,"
                        + " seq, seq, CASE WHEN seq <= 60000 THEN seq END, 'f', X'5b5d' FROM seq_1_to_80000",
                "ANALYZE TABLE " + jobs);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void aPruneBatchReadsTheRetentionIndex_andAboutTheRowsItDeletes() throws SQLException {
        String batch = new MySqlDialect(settings.tables())
                .pruneFinished()
                .replaceFirst("\\?", "'SUCCEEDED'")
                .replaceFirst("\\?", "90000")
                .replaceFirst("\\?", String.valueOf(Retention.BATCH));
        String plan;
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("ANALYZE FORMAT=JSON " + batch)) {
                rs.next();
                plan = rs.getString(1);
            } finally {
                c.rollback();
            }
        }
        assertThat(plan)
                .as(plan)
                .contains("\"key\": \"" + settings.tables().prefix() + "jobs_retention\"")
                .doesNotContain("filesort");
        Matcher rows = Pattern.compile("\"r_rows\": (\\d+)").matcher(plan);
        int found = 0;
        while (rows.find()) {
            found++;
            assertThat(Long.parseLong(rows.group(1))).as(plan).isLessThanOrEqualTo(Retention.BATCH);
        }
        assertThat(found).as(plan).isGreaterThanOrEqualTo(2);
    }
}
