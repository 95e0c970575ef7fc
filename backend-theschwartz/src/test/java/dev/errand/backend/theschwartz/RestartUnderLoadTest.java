package dev.errand.backend.theschwartz;

import dev.errand.config.ErrandConfig;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.ServerOutageScenario;
import dev.errand.testkit.ServerOutageScenario.Fault;
import dev.errand.testservers.KillablePostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PostgreSQL under TheSchwartz's tables is stopped ({@code pg_ctl stop -m fast}) and started again while producers
 * enqueue and a worker runs ({@link ServerOutageScenario}): while it is away, an enqueue throws an error naming the
 * backend (after the pool's connection timeout, here 1 s); the same backend and worker carry on by themselves once it
 * is back, and every enqueue that returned an id ends SUCCEEDED. Once restarted at once, once after three failed
 * enqueues and 3 s.
 */
@Tag("slow")
class RestartUnderLoadTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "down until {0} enqueues failed")
    @ValueSource(ints = {0, 3})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void postgresRestarted_theWorkerRecoversByItself_andEveryAcknowledgedEnqueueSucceeds(int failuresWhileDown)
            throws Exception {
        try (KillablePostgres postgres = KillablePostgres.start(dir, Map.of())) {
            ServerOutageScenario.Server server = new ServerOutageScenario.Server() {
                @Override
                public void stop() throws Exception {
                    postgres.stop();
                }

                @Override
                public void kill() throws Exception {
                    postgres.kill();
                }

                @Override
                public void start() {
                    postgres.start();
                }
            };
            ErrandConfig config = ErrandConfig.of(
                    Map.of(
                            "errand.theschwartz.url", postgres.url(),
                            "errand.theschwartz.username", postgres.user(),
                            "errand.theschwartz.password", postgres.password(),
                            "errand.theschwartz.createSchema", "true",
                            "errand.theschwartz.pool.connectionTimeout", "1000"),
                    "test");
            ServerOutageScenario.run(
                            postgres.toString(),
                            new TheSchwartzBackend(new BackendContext(config, Clock.systemUTC())),
                            server,
                            Fault.RESTART,
                            failuresWhileDown)
                    .assertEveryAcknowledgedJobSucceeded()
                    .assertFailuresName(failuresWhileDown, "TheSchwartz");
        }
    }
}
