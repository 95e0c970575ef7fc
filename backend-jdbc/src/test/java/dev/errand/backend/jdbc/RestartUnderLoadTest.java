package dev.errand.backend.jdbc;

import dev.errand.testkit.ServerOutageScenario;
import dev.errand.testkit.ServerOutageScenario.Fault;
import dev.errand.testservers.H2ServerProcess;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PostgreSQL, MariaDB and H2's TCP server are stopped cleanly and started again while two
 * producers enqueue and a worker runs ({@link ServerOutageScenario}, {@link Fault#RESTART}). The
 * client does not retry an enqueue by itself: while the server is away, {@code enqueue()} throws a
 * {@link JdbcBackendException} (after at most the pool's {@code connectionTimeout}, here 1 s); every
 * enqueue that returned an id is acknowledged, and at the end every acknowledged job has SUCCEEDED,
 * with no restart of the worker or the client. One run restarts at once, the other keeps the
 * server down until the producers have failed at least three times and for at least 3 s, i.e.
 * for three connection timeouts. PostgreSQL is stopped with {@code pg_ctl stop -m fast}, MariaDB with
 * SIGTERM, H2's server with {@code -tcpShutdown -tcpShutdownForce}; each has the durability
 * settings of {@link JdbcServer.Kind}.
 */
@Tag("slow")
class RestartUnderLoadTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(JdbcServer.Kind.class)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void quickRestart_everyAcknowledgedEnqueueSucceeds(JdbcServer.Kind kind) throws Exception {
        run(kind, 0);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(JdbcServer.Kind.class)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void downLongerThanConnectionTimeout_workerRecoversByItself_everyAcknowledgedEnqueueSucceeds(JdbcServer.Kind kind)
            throws Exception {
        run(kind, 3);
    }

    /**
     * H2's TCP server with its default {@code WRITE_DELAY} (500 ms, set in the URL), stopped the same way: a commit
     * can be acknowledged before H2 has written it, and the stop can lose it (seen in 2 of 12
     * runs). Measured and printed, not asserted.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void h2Server_writeDelay500_restartedUnderLoad_measured() throws Exception {
        try (JdbcServer server = new JdbcServer(H2ServerProcess.start(dir, ";WRITE_DELAY=500"))) {
            ServerOutageScenario.run(
                    server.toString(),
                    server.backend("errand.jdbc.pool.connectionTimeout", "1000"),
                    server,
                    Fault.RESTART,
                    0);
        }
    }

    /** {@code failuresWhileDown}: how many failed enqueues (and seconds) to see before starting the server again. */
    private void run(JdbcServer.Kind kind, int failuresWhileDown) throws Exception {
        try (JdbcServer server = kind.start(dir)) {
            ServerOutageScenario.run(
                            server.toString(),
                            server.backend("errand.jdbc.pool.connectionTimeout", "1000"),
                            server,
                            Fault.RESTART,
                            failuresWhileDown)
                    .assertEveryAcknowledgedJobSucceeded()
                    .assertFailuresName(failuresWhileDown, "JDBC backend could not");
        }
    }
}
