package dev.errand.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.JobFuture;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.worker.Worker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A worker JVM is killed with SIGKILL in the middle of a job: the job is not lost. Its lease runs
 * out, another worker recovers it, and it finishes exactly once, as attempt 2.
 */
@Tag("slow")
class KilledWorkerTest {

    @Test
    void workerKilledMidJob_jobIsRedeliveredAfterItsLease_andFinishesOnce() throws Exception {
        String prefix = TestRedis.newPrefix("kill");
        StringBuilder childOutput = new StringBuilder();
        Process child = null;
        try (Errand errand = Errand.builder()
                .backend(TestRedis.backend(TestRedis.singleConfig(prefix), Clock.systemUTC()))
                .build()) {
            JobFuture<String> future =
                    new TckServiceJobs(errand).block("payload").submit();

            child = startWorkerJvm(prefix);
            CountDownLatch started = watchFor(child, "STARTED", childOutput);
            assertThat(started.await(60, TimeUnit.SECONDS))
                    .as("the worker JVM started the job; its output:\n%s", childOutput)
                    .isTrue();
            JobInfo running = errand.job(future.id()).orElseThrow();
            assertThat(running.state()).isEqualTo(JobState.RUNNING);
            assertThat(running.attempt()).isEqualTo(1);

            child.destroyForcibly(); // SIGKILL: no shutdown hook, no release of the job
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

            TckService rescuer = new TckService();
            rescuer.release.countDown();
            Worker worker = errand.worker()
                    .register(rescuer)
                    .lease(Duration.ofSeconds(2))
                    .name("rescuer")
                    .start();
            try {
                assertThat(future.await(Duration.ofSeconds(60))).isEqualTo("payload");
            } finally {
                worker.close();
            }

            JobInfo done = errand.job(future.id()).orElseThrow();
            assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(done.attempt()).isEqualTo(2);
            assertThat(done.errors()).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo("LeaseExpired");
                assertThat(e.attempt()).isEqualTo(1);
                assertThat(e.message()).contains(":doomed");
            });
            assertThat(rescuer.runs("payload")).isEqualTo(1);
        } finally {
            if (child != null) {
                child.destroyForcibly();
            }
        }
    }

    private static Process startWorkerJvm(String prefix) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        WorkerProcessMain.class.getName(),
                        TestRedis.single().url(),
                        prefix))
                .redirectErrorStream(true)
                .start();
    }

    /** Copies the process output into {@code sink} and counts down when a line equals {@code marker}. */
    private static CountDownLatch watchFor(Process process, String marker, StringBuilder sink) {
        CountDownLatch seen = new CountDownLatch(1);
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            synchronized (sink) {
                                sink.append(line).append('\n');
                            }
                            if (line.equals(marker)) {
                                seen.countDown();
                            }
                        }
                    } catch (java.io.IOException e) {
                        // the process died; the latch stays up and the test reports the output
                    }
                },
                "worker-jvm-output");
        reader.setDaemon(true);
        reader.start();
        return seen;
    }
}
