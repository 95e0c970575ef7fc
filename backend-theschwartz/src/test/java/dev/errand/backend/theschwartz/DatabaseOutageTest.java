package dev.errand.backend.theschwartz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.config.ErrandConfig;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.ServerOutageScenario;
import dev.errand.testkit.ServerOutageScenario.Fault;
import dev.errand.testservers.DatabaseServer;
import dev.errand.testservers.KillableMariaDb;
import dev.errand.testservers.KillablePostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The database under TheSchwartz's tables goes away while producers enqueue and a worker runs ({@link
 * ServerOutageScenario}), and comes back on the same data and port: stopped the way an operator stops it ({@code pg_ctl
 * stop -m fast}, SIGTERM to mariadbd) or killed with SIGKILL (crash recovery; MariaDB with {@code
 * innodb_flush_log_at_trx_commit=1}). While it is away an enqueue throws an error naming the backend (after the pool's
 * connection timeout, here 1 s). Once it is back the same backend and worker carry on by themselves and say so in
 * one log line; every enqueue that returned an id ends SUCCEEDED, and none runs twice. Restarts at once and after
 * three failed enqueues and 3 s; kills after one failed enqueue.
 */
@Tag("slow")
class DatabaseOutageTest {
    @TempDir
    Path dir;

    enum Database {
        POSTGRESQL {
            @Override
            DatabaseServer start(Path dir) {
                return KillablePostgres.start(dir, Map.of());
            }
        },
        /** TheSchwartz's MySQL schema in a latin1 database, as its deployments run it. */
        MARIADB {
            @Override
            DatabaseServer start(Path dir) throws Exception {
                KillableMariaDb server = KillableMariaDb.start(dir, "--innodb-flush-log-at-trx-commit=1");
                try (Connection c = DriverManager.getConnection(server.url(), server.user(), server.password());
                        Statement s = c.createStatement()) {
                    s.execute("ALTER DATABASE " + KillableMariaDb.DATABASE + " CHARACTER SET latin1");
                }
                return server;
            }
        };

        abstract DatabaseServer start(Path dir) throws Exception;
    }

    static Stream<Arguments> outages() {
        return Stream.of(
                Arguments.of(Database.POSTGRESQL, Fault.RESTART, 0),
                Arguments.of(Database.POSTGRESQL, Fault.RESTART, 3),
                Arguments.of(Database.POSTGRESQL, Fault.CRASH, 1),
                Arguments.of(Database.MARIADB, Fault.RESTART, 0),
                Arguments.of(Database.MARIADB, Fault.RESTART, 3),
                Arguments.of(Database.MARIADB, Fault.CRASH, 1));
    }

    @ParameterizedTest(name = "{0} {1}, down until {2} enqueues failed")
    @MethodSource("outages")
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void databaseAwayUnderLoad_theWorkerRecoversByItself_andEveryAcknowledgedEnqueueSucceedsOnce(
            Database database, Fault fault, int failuresWhileDown) throws Exception {
        try (DatabaseServer server = database.start(dir)) {
            ErrandConfig config = ErrandConfig.of(
                    Map.of(
                            "errand.theschwartz.url", server.url(),
                            "errand.theschwartz.username", server.user(),
                            "errand.theschwartz.password", server.password(),
                            "errand.theschwartz.createSchema", "true",
                            "errand.theschwartz.pool.connectionTimeout", "1000"),
                    "test");
            TheSchwartzBackend backend = new TheSchwartzBackend(new BackendContext(config, Clock.systemUTC()));
            ServerOutageScenario.Report report = ServerOutageScenario.run(
                            server.toString(), backend, scenario(server), fault, failuresWhileDown)
                    .assertEveryAcknowledgedJobSucceeded()
                    .assertFailuresName(failuresWhileDown, "TheSchwartz");
            assertThat(report.ranTwice()).as(report.summary()).isZero();
            if (report.failedEnqueues() > 0) {
                assertThat(backend.outage().lastRecovery())
                        .as("the line that says the database answers the worker again")
                        .contains("TheSchwartz database " + server.url() + " answers the workers again after");
            }
        }
    }

    private static ServerOutageScenario.Server scenario(DatabaseServer server) {
        return new ServerOutageScenario.Server() {
            @Override
            public void stop() throws Exception {
                server.stop();
            }

            @Override
            public void kill() throws Exception {
                server.kill();
            }

            @Override
            public void start() {
                server.start();
            }
        };
    }
}
