package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.jdbc.PoolProperties;
import dev.errand.job.JobId;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.testservers.PostgresServer;
import dev.errand.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pool is sized for a worker's threads but opens its connections as they are asked for: a process that only
 * enqueues does not log in once per worker thread (a SCRAM key derivation each on PostgreSQL), and a worker holds as
 * many as its threads use. {@code errand.jdbc.pool.minimumIdle} still opens them all from the start.
 */
class ConnectionsOnDemandTest {
    /** Errand's default pool for 16 threads on PostgreSQL with LISTEN: 16 + 3 + 2. */
    private static final int MAXIMUM = 21;

    private static HikariDataSource admin;

    @BeforeAll
    static void adminPool() {
        admin = TestDatabases.pool(TestDatabases.postgres("on_demand_admin"));
    }

    @AfterAll
    static void closeAdminPool() {
        admin.close();
    }

    @Test
    void aProcessThatOnlyEnqueues_opensAFewConnections_notTheWorkersPool() {
        String url = PostgresServer.shared().newDatabase("on_demand_enqueue");
        try (Errand errand = client(url)) {
            assertThat(pool(errand).getMaximumPoolSize()).isEqualTo(MAXIMUM);
            TckServiceJobs jobs = new TckServiceJobs(errand);
            for (int round = 0; round < 5; round++) {
                assertThat(errand.enqueueAll(calls(jobs, "enqueue-" + round, 500)))
                        .hasSize(500);
            }

            // The enqueueing thread's connection and the idle ones kept, and one to spare for the pool's refill of
            // its idle connections; a process that only enqueues has no LISTEN session. Before, the pool filled to
            // its maximum within a second of the start.
            int atMost = 1 + 1 + PoolProperties.MINIMUM_IDLE;
            assertThat(((JdbcBackend) errand.backend()).listeningSinceForTests())
                    .isZero();
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(pool(errand).getHikariPoolMXBean().getTotalConnections())
                        .as("the pool's connections")
                        .isLessThanOrEqualTo(atMost);
                assertThat(sessions(url)).as("sessions").isLessThanOrEqualTo(atMost);
            });
            assertThat(TestDatabases.firstValue(pool(errand), "SELECT count(*) FROM errand_jobs"))
                    .isEqualTo("2500");
        }
    }

    @Test
    void aWorker_opensTheConnectionsItsThreadsUseAsTheyAskForThem_andRunsEveryJobOnce() throws Exception {
        String url = PostgresServer.shared().newDatabase("on_demand_worker");
        TckService service = new TckService();
        try (Errand errand = client(url);
                Worker worker = errand.worker().register(service).threads(16).start()) {
            TckServiceJobs jobs = new TckServiceJobs(errand);
            List<JobId> ids = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                ids.addAll(errand.enqueueAll(calls(jobs, "run-" + round, 500)));
            }

            CompletableFuture.allOf(
                            ids.stream().map(id -> errand.backend().outcome(id)).toArray(CompletableFuture[]::new))
                    .get(120, TimeUnit.SECONDS);

            assertThat(service.runs).hasSize(2_000);
            assertThat(service.runs.values())
                    .allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
            // The worker counts a success once its batch is recorded, which may be after the outcome was announced.
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(worker.stats().succeeded()).isEqualTo(2_000));
        }
    }

    @Test
    void minimumIdle_opensEveryConnectionFromTheStart() {
        String url = PostgresServer.shared().newDatabase("on_demand_all");
        try (Errand errand = client(url, "errand.jdbc.pool.minimumIdle", Integer.toString(MAXIMUM))) {
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(sessions(url)).isEqualTo(MAXIMUM));
        }
    }

    private static Errand client(String url, String... extra) {
        Errand.ErrandBuilder builder = Errand.builder()
                .backend("jdbc")
                .property(JdbcSettings.URL, url)
                .property(JdbcSettings.USERNAME, PostgresServer.USER)
                .property(JdbcSettings.PASSWORD, PostgresServer.PASSWORD)
                .property("errand.worker.threads", "16");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            builder.property(extra[i], extra[i + 1]);
        }
        return builder.build();
    }

    private static HikariDataSource pool(Errand errand) {
        return (HikariDataSource) ((JdbcBackend) errand.backend()).dataSourceForTests();
    }

    /** The client sessions open on the database of {@code url} (not autovacuum's, not this query's). */
    private static int sessions(String url) {
        return Integer.parseInt(TestDatabases.firstValue(
                admin,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + url.substring(url.lastIndexOf('/') + 1)
                        + "' AND backend_type = 'client backend' AND pid <> pg_backend_pid()"));
    }

    private static List<JobCall<Void>> calls(TckServiceJobs jobs, String prefix, int n) {
        List<JobCall<Void>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(jobs.record(prefix + "-" + i));
        }
        return calls;
    }
}
