package dev.errand.backend.jdbc;

import dev.errand.config.ErrandConfig;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.ServerOutageScenario;
import dev.errand.testkit.ServerOutageScenario.Fault;
import dev.errand.testkit.ServerOutageScenario.Report;
import dev.errand.testservers.KillablePostgres;
import dev.errand.testservers.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL primary with a streaming replica, both started by the test, under {@link ServerOutageScenario}: three
 * producers enqueue and a worker runs on the multi-host URL {@code jdbc:postgresql://primary,replica/...?
 * targetServerType=primary}. The primary is killed with SIGKILL, the replica promoted; nothing restarts on the client
 * side: the pool and the LISTEN session find the new primary through the URL.
 *
 * <p>With synchronous replication ({@code synchronous_standby_names='*'}, {@code synchronous_commit=on}) every
 * acknowledged job succeeds: a commit returns only once the replica has its WAL. With asynchronous replication the
 * loss is measured and printed.
 */
@Tag("slow")
class PostgresFailoverTest {
    @TempDir
    Path dir;

    private KillablePostgres primary;
    private KillablePostgres replica;

    @AfterEach
    void stopBoth() {
        for (KillablePostgres server : new KillablePostgres[] {replica, primary}) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (RuntimeException e) {
                System.out.println("postgres failover: could not stop " + server + ": " + e);
            }
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void synchronousReplication_primaryKilledAndReplicaPromoted_everyAcknowledgedJobSucceeds() throws Exception {
        Report report = failover("*").assertEveryAcknowledgedJobSucceeded().assertFailuresName(1, "JDBC backend");
        System.out.println("postgres failover: " + report.summary());
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void asynchronousReplication_primaryKilledAndReplicaPromoted_theLossIsMeasured_andTheBackendCarriesOn()
            throws Exception {
        Report report = failover("").assertEveryJobAcknowledgedAfterTheStartSucceeded();
        System.out.println("postgres failover: " + report.summary() + "; lost: "
                + report.lost().size());
    }

    private Report failover(String synchronousStandbys) throws Exception {
        primary = KillablePostgres.start(
                dir.resolve("primary"), Map.of("synchronous_standby_names", "'" + synchronousStandbys + "'"));
        replica =
                KillablePostgres.replicaOf(primary, dir.resolve("replica"), Map.of("synchronous_standby_names", "''"));
        awaitStreaming(synchronousStandbys.isEmpty() ? "async" : "sync");
        String url = "jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + replica.port()
                + "/postgres?targetServerType=primary";
        JdbcBackend backend = new JdbcBackend(new BackendContext(
                ErrandConfig.of(
                        Map.of(
                                JdbcSettings.URL,
                                url,
                                JdbcSettings.USERNAME,
                                PostgresServer.USER,
                                JdbcSettings.PASSWORD,
                                PostgresServer.PASSWORD,
                                "errand.jdbc.pool.connectionTimeout",
                                "1000"),
                        "test"),
                Clock.systemUTC()));
        // Listening before the fault, as a worker that waited once would: the session must move to the new primary.
        backend.awaitWork(Set.of("failover-listen"), Duration.ofMillis(1));
        Awaitility.await("the backend listens")
                .atMost(Duration.ofSeconds(30))
                .until(() -> backend.listeningSinceForTests() > 0);
        String name = "PostgreSQL primary + streaming replica ("
                + (synchronousStandbys.isEmpty() ? "asynchronous" : "synchronous") + ")";
        return ServerOutageScenario.run(name, backend, promoteOnStart(), Fault.CRASH, 1);
    }

    /** The scenario's fault: kill the primary; "start" promotes the replica and returns once it takes writes. */
    private ServerOutageScenario.Server promoteOnStart() {
        return new ServerOutageScenario.Server() {
            @Override
            public void stop() {
                throw new UnsupportedOperationException("this scenario kills the primary");
            }

            @Override
            public void kill() throws Exception {
                primary.kill();
            }

            @Override
            public void start() throws SQLException {
                try (Connection c = admin(replica.port());
                        Statement s = c.createStatement()) {
                    s.execute("SELECT pg_promote(true, 60)");
                }
                Awaitility.await("the promoted replica on port " + replica.port() + " takes writes")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> !inRecovery(replica.port()));
                // The backend's LISTEN session moves too, through the multi-host URL: idle workers are woken there.
                Awaitility.await("the backend LISTENs on the promoted replica")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> listeners(replica.port()) > 0);
            }
        };
    }

    /** Waits until the primary streams to the replica with this sync_state ("sync" or "async"). */
    private void awaitStreaming(String syncState) {
        Awaitility.await("the primary streams to its replica (" + syncState + ")")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    try (Connection c = admin(primary.port());
                            Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery("SELECT state, sync_state FROM pg_stat_replication")) {
                        return rs.next()
                                && rs.getString(1).equals("streaming")
                                && rs.getString(2).equals(syncState);
                    }
                });
    }

    /** Sessions whose last statement was a LISTEN (the backend's listener checks its session only when idle). */
    private static int listeners(int port) throws SQLException {
        try (Connection c = admin(port);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE query ~ '^\\s*LISTEN' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static boolean inRecovery(int port) throws SQLException {
        try (Connection c = admin(port);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static Connection admin(int port) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", PostgresServer.USER, PostgresServer.PASSWORD);
    }
}
