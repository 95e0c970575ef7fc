package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.backend.jdbc.dialect.PostgresDialect;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL claim leases the jobs it picked by their key, whatever the table holds: joined to the picked ids, the
 * update was planned as a hash join over a read of the whole table on tables of some tens of thousands of jobs (half
 * of a 500-job claim's time on 20,000). Fresh statistics here, unlike {@link ClaimPlanTest}'s stale ones. Asserts the
 * plan's shape, never its timing.
 */
class ClaimUpdatePlanTest {
    private static JdbcSettings settings;
    private static HikariDataSource pool;

    @BeforeAll
    static void fillAndAnalyze() {
        settings = TestDatabases.postgres("claim_update_plan");
        pool = TestDatabases.poolWithSchema(settings);
        String jobs = settings.tables().jobs();
        TestDatabases.execute(pool, TestDatabases.insertJobs(jobs, 20000, "AVAILABLE", 0, false), "ANALYZE " + jobs);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void theUpdateFindsThePickedJobsByKey_notByReadingTheTable() throws SQLException {
        for (String mode : new String[] {"force_custom_plan", "force_generic_plan"}) {
            for (int max : new int[] {100, 500, 1000}) {
                String plan = TestDatabases.explainPrepared(
                        pool,
                        new PostgresDialect(settings.tables())
                                .claim()
                                .statements()
                                .get(0),
                        TestDatabases.POSTGRES_CLAIM_TYPES,
                        TestDatabases.postgresClaimArguments("q", 30000, 9000000000000000L, max),
                        mode);
                assertThat(plan)
                        .as(mode + ", " + max + " jobs:\n" + plan)
                        .doesNotContain("Seq Scan on " + settings.tables().jobs());
            }
        }
    }
}
