package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.spi.ClaimedJob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * On H2 a claim takes its jobs in steps of at most 50, each locking and leasing the next best, in one transaction: one
 * lock-and-lease statement over many jobs costs H2 far more per job (a drain with claims of 1,000 ran at half the rate
 * of claims of 100). The steps together take what one statement would: the best jobs over every queue, each once.
 */
class H2ClaimStepsTest {
    @Test
    void aClaimOfManySteps_takesTheBestJobsOfEveryQueue_eachOnce() throws Exception {
        JdbcSettings settings = TestDatabases.settings("jdbc:h2:mem:claim_steps;DB_CLOSE_DELAY=-1", "sa", "");
        try (HikariDataSource pool = TestDatabases.pool(settings);
                JdbcBackend backend = new JdbcBackend(settings, pool, Clock.systemUTC())) {
            String jobs = settings.tables().jobs();
            TestDatabases.execute(
                    pool,
                    // 300 jobs in two queues, three priorities, due times interleaved across the queues
                    "INSERT INTO " + jobs + " (id, name, queue, priority, state, attempt, max_attempts, timeout_ms,"
                            + " enqueued_at, run_at, fingerprint, payload)"
                            + " SELECT X, 'noop', CASE WHEN MOD(X, 2) = 0 THEN 'a' ELSE 'b' END, MOD(X, 3), 'AVAILABLE',"
                            + " 0, 3, 60000, X, 1000 - X, 'f', X'5b5d' FROM SYSTEM_RANGE(1, 300)");
            List<String> best = ids(
                    pool, "SELECT id FROM " + jobs + " ORDER BY priority DESC, run_at, id FETCH FIRST 170 ROWS ONLY");

            List<ClaimedJob> first = backend.claim(Set.of("a", "b"), 120, "w", Duration.ofSeconds(30));
            List<ClaimedJob> second = backend.claim(Set.of("a", "b"), 50, "w", Duration.ofSeconds(30));

            assertThat(first.stream().map(j -> j.id().value()).toList()).isEqualTo(best.subList(0, 120));
            assertThat(second.stream().map(j -> j.id().value()).toList()).isEqualTo(best.subList(120, 170));
            assertThat(ids(pool, "SELECT id FROM " + jobs + " WHERE state = 'RUNNING'"))
                    .hasSize(170);
        }
    }

    private static List<String> ids(HikariDataSource pool, String query) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                ids.add(Long.toString(rs.getLong(1)));
            }
            c.rollback();
        }
        return ids;
    }
}
