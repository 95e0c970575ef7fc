package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.backend.jdbc.dialect.PostgresDialect;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.spi.JobCursor;
import dev.errand.spi.JobQuery;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL operator listing walks the partial listing indexes of schema version 6, one branch per stored state,
 * and never scans the table: the listing indexes must stay partial (claiming and finishing a job would otherwise write
 * them) and still serve every filter from the cursor. Asserts the plan's shape, never its timing.
 */
class ListingPlanTest {
    private static JdbcSettings settings;
    private static HikariDataSource pool;

    @BeforeAll
    static void fill() {
        settings = TestDatabases.postgres("listing_plan");
        pool = TestDatabases.poolWithSchema(settings);
        String jobs = settings.tables().jobs();
        TestDatabases.execute(
                pool,
                // 60,000 succeeded, 1,000 dead, 200 running and 30,000 waiting jobs over ten queues, and a rare queue
                // with one job in a thousand.
                "INSERT INTO " + jobs + " (id, name, queue, priority, state, attempt, max_attempts, timeout_ms,"
                        + " enqueued_at, run_at, finished_at, lease_owner, lease_expires_at, fingerprint, payload)"
                        + " SELECT g, 'noop', CASE WHEN g % 1000 = 0 THEN 'rare' ELSE 'q' || (g % 10) END, 0, CASE WHEN g <= 60000 THEN 'SUCCEEDED'"
                        + " WHEN g <= 61000 THEN 'DEAD' WHEN g <= 61200 THEN 'RUNNING' ELSE 'AVAILABLE' END, 1, 1,"
                        + " 60000, g, g, CASE WHEN g <= 61000 THEN g END, CASE WHEN g > 61000 AND g <= 61200 THEN 'w'"
                        + " END, CASE WHEN g > 61000 AND g <= 61200 THEN g END, 'f', '\\x5b5d'::bytea"
                        + " FROM generate_series(1, 91200) g",
                "ANALYZE " + jobs);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void everyState_isReadAlongItsOwnIndex() throws SQLException {
        assertThat(plan(JobQuery.all()))
                .contains(index("jobs_list_waiting "), index("jobs_list_finished "), index("jobs_leases"));
    }

    @Test
    void aStateFilter_readsOnlyThatStatesIndex() throws SQLException {
        String plan = plan(JobQuery.all().states(JobState.DEAD));
        assertThat(plan).contains(index("jobs_list_finished ")).doesNotContain(index("jobs_list_waiting"));
    }

    @Test
    void aRareQueue_andACursor_readTheQueueIndexes() throws SQLException {
        JobQuery query = JobQuery.all().queue("rare").after(new JobCursor(80_000, JobId.of("80000")));
        assertThat(plan(query)).contains(index("jobs_list_waiting_queue"), index("jobs_list_finished_queue"));
        assertThat(plan(JobQuery.all().queue("rare").states(JobState.SUCCEEDED).oldestFirst()))
                .contains(index("jobs_list_finished_queue"));
        plan(JobQuery.all()
                .queue("q1")
                .after(new JobCursor(80_000, JobId.of("80000")))); // a common one: no scan either
    }

    @Test
    void aWaitingStateFilter_readsTheWaitingIndex() throws SQLException {
        assertThat(plan(JobQuery.all().states(JobState.SCHEDULED, JobState.RETRYABLE)))
                .contains(index("jobs_list_waiting "));
    }

    private static String index(String name) {
        return settings.tables().prefix() + name;
    }

    /** The plan of the listing's statement for {@code query}, checked to scan no table. */
    private static String plan(JobQuery query) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (Connection c = pool.getConnection();
                PreparedStatement ps = new PostgresDialect(settings.tables())
                        .listJobs()
                        .prepare(
                                explaining(c),
                                query,
                                61_000,
                                query.after().map(JobCursor::enqueuedAtMicros).orElse(0L),
                                query.after()
                                        .map(a -> Long.parseLong(a.id().value()))
                                        .orElse(0L));
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        assertThat(plan.toString()).as(plan.toString()).doesNotContain("Seq Scan");
        return plan.append(' ').toString().replace("\n", " \n");
    }

    /** {@code c}, except that each statement it prepares is EXPLAINed instead of run. */
    private static Connection explaining(Connection c) {
        return (Connection) Proxy.newProxyInstance(
                ListingPlanTest.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args.length == 1) {
                        return c.prepareStatement("EXPLAIN " + args[0]);
                    }
                    return method.invoke(c, args);
                });
    }
}
