package dev.errand.backend.jdbc;

import static org.awaitility.Awaitility.await;

import dev.errand.config.ErrandConfig;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.FaultProxy;
import dev.errand.testkit.NetworkPartitionScenario;
import dev.errand.testkit.NetworkPartitionScenario.Fault;
import dev.errand.testservers.MariaDbServer;
import dev.errand.testservers.PostgresServer;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The network between the application and the database breaks while producers enqueue and a
 * worker runs ({@link NetworkPartitionScenario}), on PostgreSQL and MariaDB: a silent partition of
 * 5 s (lease 2 s) after which the connections carry on, then a reset of every connection; and a
 * partition after which every connection open during it is dead without the client being told
 * (half-open), which only time-outs can detect. The producers' and the worker's backends reach the
 * database through a {@link FaultProxy}; the checks go around it.
 */
@Tag("slow")
class NetworkPartitionTest {
    /**
     * Pool and driver time-outs shorter than the defaults (30 s, 5 s, 30 s), so that a test takes seconds; a pool
     * just large enough for the scenario's worker of 2 threads on PostgreSQL (2 + 3 of the worker + LISTEN + outcomes).
     */
    private static final Map<String, String> TIMEOUTS = Map.of(
            "errand.jdbc.pool.connectionTimeout",
            "1000",
            "errand.jdbc.pool.validationTimeout",
            "1000",
            JdbcSettings.SOCKET_TIMEOUT,
            "3s",
            "errand.jdbc.pool.maximumPoolSize",
            "7");

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void postgres_partitionLongerThanTheLease_thenEveryConnectionReset() throws Exception {
        postgres("postgres partition+reset", List.of(Fault.PARTITION, Fault.RESET));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void postgres_partitionThatLosesEveryConnection_halfOpen() throws Exception {
        postgres("postgres half-open", List.of(Fault.PARTITION_LOSING_CONNECTIONS));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void mariaDb_partitionLongerThanTheLease_thenEveryConnectionReset() throws Exception {
        mariaDb("mariadb partition+reset", List.of(Fault.PARTITION, Fault.RESET));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void mariaDb_partitionThatLosesEveryConnection_halfOpen() throws Exception {
        mariaDb("mariadb half-open", List.of(Fault.PARTITION_LOSING_CONNECTIONS));
    }

    private void postgres(String name, List<Fault> faults) throws Exception {
        String url = PostgresServer.shared().newDatabase("partition");
        run(name, url, PostgresServer.shared().port(), PostgresServer.USER, faults);
    }

    private void mariaDb(String name, List<Fault> faults) throws Exception {
        String url = MariaDbServer.shared().newDatabase("partition", "");
        run(name, url, MariaDbServer.shared().port(), MariaDbServer.USER, faults);
    }

    private void run(String name, String url, int port, String user, List<Fault> faults) throws Exception {
        String hostPort = "127.0.0.1:" + port;
        if (!url.contains(hostPort)) {
            throw new IllegalStateException("expected " + hostPort + " in " + url);
        }
        try (FaultProxy proxy = FaultProxy.to("db", port);
                JdbcBackend direct = backend(url, user)) {
            String proxied = url.replace(hostPort, "127.0.0.1:" + proxy.port());
            List<JdbcBackend> made = new CopyOnWriteArrayList<>();
            NetworkPartitionScenario.run(
                            name,
                            role -> {
                                JdbcBackend b = backend(proxied, user);
                                made.add(b);
                                return b;
                            },
                            direct,
                            proxy,
                            faults,
                            (fault, healedAt) -> listening(name, made, fault, healedAt))
                    .assertAtLeastOnce()
                    .assertFailuresName("JDBC backend");
        }
    }

    /**
     * On PostgreSQL, each backend's LISTEN session must come back by itself after a fault that
     * killed it (a reset, or a partition that lost the connections): otherwise idle workers would
     * only poll, and PostgreSQL would keep no session listening for them. A partition after which
     * the connections carry on may leave the session as it was.
     */
    private static void listening(String name, List<JdbcBackend> backends, Fault fault, long healedAt) {
        if (fault == Fault.PARTITION || !backends.get(0).dialectName().equals("postgresql")) {
            return;
        }
        await(name + ": every backend's LISTEN session comes back after " + fault + " (one that does not still counts"
                        + " as connected since before the fault)")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> backends.stream().allMatch(b -> b.listeningSinceForTests() > healedAt));
        for (JdbcBackend b : backends) {
            System.out.printf(
                    "%s: LISTEN again %d ms after the heal (%s)%n",
                    name, TimeUnit.NANOSECONDS.toMillis(b.listeningSinceForTests() - healedAt), fault);
        }
    }

    private static JdbcBackend backend(String url, String user) {
        Map<String, String> config = new HashMap<>(TIMEOUTS);
        config.put(JdbcSettings.URL, url);
        config.put(JdbcSettings.USERNAME, user);
        return new JdbcBackend(new BackendContext(ErrandConfig.of(config, "test"), Clock.systemUTC()));
    }
}
