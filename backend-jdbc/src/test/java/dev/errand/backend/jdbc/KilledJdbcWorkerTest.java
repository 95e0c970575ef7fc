package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.JobFuture;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.testservers.H2ServerProcess;
import dev.errand.testservers.MariaDbServer;
import dev.errand.testservers.PostgresServer;
import dev.errand.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker JVM ({@link FaultChildMain}) is killed with SIGKILL in the middle of a job, on
 * PostgreSQL, MariaDB and H2 in server mode: the job is not lost and not stuck RUNNING. Its 2 s
 * lease runs out, a second worker recovers it, it finishes exactly once as attempt 2, and its
 * error history shows attempt 1 as {@code LeaseExpired} naming the killed worker.
 */
@Tag("slow")
class KilledJdbcWorkerTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void postgres() throws Exception {
        killMidJobAndRecover(
                PostgresServer.shared().newDatabase("killed"), PostgresServer.USER, PostgresServer.PASSWORD);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void mariaDb() throws Exception {
        killMidJobAndRecover(MariaDbServer.shared().newDatabase("killed", ""), MariaDbServer.USER, "");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void h2Server() throws Exception {
        try (H2ServerProcess server = H2ServerProcess.start(dir, "")) {
            killMidJobAndRecover(server.url(), server.user(), server.password());
        }
    }

    private static void killMidJobAndRecover(String url, String user, String password) throws Exception {
        try (Errand errand = Errand.builder()
                        .backend("jdbc")
                        .property(JdbcSettings.URL, url)
                        .property(JdbcSettings.USERNAME, user)
                        .property(JdbcSettings.PASSWORD, password)
                        .build();
                FaultChild child = FaultChild.start("worker", url, user, password)) {
            JobFuture<String> future =
                    new TckServiceJobs(errand).block("payload").submit();
            child.awaitLine("STARTED", 90);
            JobInfo running = errand.job(future.id()).orElseThrow();
            assertThat(running.state()).isEqualTo(JobState.RUNNING);
            assertThat(running.attempt()).isEqualTo(1);

            child.kill();

            TckService rescuer = new TckService();
            rescuer.release.countDown();
            try (Worker worker = errand.worker()
                    .register(rescuer)
                    .lease(Duration.ofSeconds(2))
                    .name("rescuer")
                    .start()) {
                assertThat(future.await(Duration.ofSeconds(60))).isEqualTo("payload");
            }

            JobInfo done = errand.job(future.id()).orElseThrow();
            assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(done.attempt()).isEqualTo(2);
            assertThat(done.errors()).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo("LeaseExpired");
                assertThat(e.attempt()).isEqualTo(1);
                assertThat(e.message()).contains("doomed");
            });
            assertThat(rescuer.runs("payload")).isEqualTo(1);
        }
    }
}
