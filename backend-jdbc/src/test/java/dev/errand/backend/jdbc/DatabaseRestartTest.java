package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PostgreSQL, MariaDB and H2's TCP server stop cleanly and start again while a worker runs: the
 * pool (and on PostgreSQL the LISTEN connection) reconnect, and every job enqueued before and after
 * the restart succeeds, each run once. For restarts while producers enqueue, and for longer
 * outages, see {@link RestartUnderLoadTest}; for SIGKILL, {@link ServerCrashTest}.
 */
@Tag("slow")
class DatabaseRestartTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(JdbcServer.Kind.class)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void workerSurvivesADatabaseRestart_andNothingIsLost(JdbcServer.Kind kind) throws Exception {
        try (JdbcServer server = kind.start(dir)) {
            JdbcBackend backend = server.backend("errand.jdbc.pool.connectionTimeout", "3000");
            TckService service = new TckService();
            try (Errand errand = Errand.builder().backend(backend).build();
                    Worker worker = errand.worker()
                            .register(service)
                            .threads(4)
                            .lease(Duration.ofSeconds(6))
                            .start()) {
                assertThat(worker.threads()).isEqualTo(4);
                TckServiceJobs jobs = new TckServiceJobs(errand);
                List<JobId> before = errand.enqueueAll(calls(jobs, "before", 100));

                server.stop();
                server.start();

                List<JobId> after = errand.enqueueAll(calls(jobs, "after", 100));
                List<JobId> all = new ArrayList<>(before);
                all.addAll(after);
                CompletableFuture.allOf(all.stream().map(backend::outcome).toArray(CompletableFuture[]::new))
                        .get(60, TimeUnit.SECONDS);

                for (JobId id : all) {
                    assertThat(backend.find(id).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
                }
                assertThat(service.runs).hasSize(200);
                assertThat(service.runs.values())
                        .allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
            }
        }
    }

    private static List<JobCall<Void>> calls(TckServiceJobs jobs, String prefix, int n) {
        List<JobCall<Void>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(jobs.record(prefix + "-" + i));
        }
        return calls;
    }
}
