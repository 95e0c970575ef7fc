package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.JobId;
import dev.errand.JobState;
import dev.errand.config.ErrandConfig;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.worker.Worker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stops and starts again while a worker runs: the pool and the LISTEN connection
 * reconnect, and every job enqueued before and after the restart succeeds.
 */
class DatabaseRestartTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void workerSurvivesADatabaseRestart_andNothingIsLost() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("pgdata");
        EmbeddedPostgres server = start(data, port);
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        JdbcBackend backend = new JdbcBackend(new BackendContext(ErrandConfig.of(Map.of(JdbcSettings.URL, url,
                JdbcSettings.USERNAME, "postgres", "errand.jdbc.pool.connectionTimeout", "3000"), "test"), Clock.systemUTC()));
        TckService service = new TckService();
        try (Errand errand = Errand.builder().backend(backend).build();
                Worker worker = errand.worker().register(service).threads(4).lease(Duration.ofSeconds(6)).start()) {
            assertThat(worker.threads()).isEqualTo(4);
            TckServiceJobs jobs = new TckServiceJobs(errand);
            List<JobId> before = errand.enqueueAll(calls(jobs, "before", 100));

            server.close();
            server = start(data, port);

            List<JobId> after = errand.enqueueAll(calls(jobs, "after", 100));
            List<JobId> all = new ArrayList<>(before);
            all.addAll(after);
            CompletableFuture.allOf(all.stream().map(backend::outcome).toArray(CompletableFuture[]::new))
                    .get(150, TimeUnit.SECONDS);

            for (JobId id : all) {
                assertThat(backend.find(id).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
            }
            assertThat(service.runs).hasSize(200);
        } finally {
            server.close();
        }
    }

    private static List<JobCall<Void>> calls(TckServiceJobs jobs, String prefix, int n) {
        List<JobCall<Void>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(jobs.record(prefix + "-" + i));
        }
        return calls;
    }

    /** Starts PostgreSQL on {@code data}, initialising it the first time; the data stays when it stops. */
    private static EmbeddedPostgres start(Path data, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }
}
