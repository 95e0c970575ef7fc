package dev.errand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.cli.jobs.SchwartzShopJobs;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import dev.errand.testservers.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code errand manager} on {@code errand.backend=theschwartz}, on TheSchwartz's own tables in PostgreSQL: children
 * recycled after {@code maxJobsPerChild} run every job exactly once, and a child killed while it holds a job leaves it
 * to another child once its grab expires.
 */
@Tag("slow")
class TheSchwartzCliTest {
    private static final Duration MAX = Duration.ofMinutes(2);

    private static ManagedSetup setup(Path dir) {
        ManagedSetup setup = new ManagedSetup(dir, "tsch_cli");
        return setup.set("errand.backend", "theschwartz")
                .set("errand.theschwartz.url", setup.url)
                .set("errand.theschwartz.username", PostgresServer.USER)
                .set("errand.theschwartz.password", PostgresServer.PASSWORD)
                .set("errand.theschwartz.createSchema", "true")
                .set("errand.theschwartz.pollInterval", "200ms")
                .set("errand.jdbc.url", null)
                .set("errand.jdbc.username", null)
                .set("errand.jdbc.password", null)
                .set("errand.manager.group.work.workers", "dev.errand.cli.jobs.SchwartzShop");
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void managerRecyclesChildren_andEveryJobRunsExactlyOnce(@TempDir Path dir) throws Exception {
        ManagedSetup setup = setup(dir).set("errand.manager.group.work.maxJobsPerChild", "5");
        try (Errand client = setup.client()) {
            SchwartzShopJobs jobs = new SchwartzShopJobs(client);
            List<JobCall<Void>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                calls.add(jobs.record(setup.dir.toString(), "job-" + i));
            }
            client.enqueueAll(calls);
        }
        Process manager = setup.startManager();
        try {
            setup.await("40 jobs ran", MAX).until(() -> setup.runs().size() >= 40);
            Map<String, Integer> perKey = new TreeMap<>();
            setup.runs().forEach(k -> perKey.merge(k, 1, Integer::sum));
            assertThat(perKey).hasSize(40);
            assertThat(perKey.values())
                    .as("runs per job")
                    .allSatisfy(c -> assertThat(c).isEqualTo(1));
            assertThat(setup.count(
                            " recycle group=work pid=\\d+ generation=\\d+ exit=0 jobs=5 .* reason=limit limit=5"))
                    .as("children recycled after 5 jobs")
                    .isGreaterThanOrEqualTo(6);
            manager.destroy();
            assertThat(ManagedSetup.awaitExit(manager, MAX)).isZero();
        } finally {
            ProcessTree.cleanUp(manager, setup);
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aChildKilledWhileItHoldsAJob_leavesItToAnotherOnceItsGrabExpires(@TempDir Path dir) throws Exception {
        ManagedSetup setup = setup(dir).set("errand.worker.lease", "3s");
        Process manager = setup.startManager();
        try (Errand client = setup.client()) {
            setup.awaitReady(2, Duration.ofSeconds(90));
            JobId id = new SchwartzShopJobs(client)
                    .hold(setup.dir.toString(), "long")
                    .enqueue();
            Path started = setup.dir.resolve("long.started");
            setup.await("the job started", MAX).until(() -> Files.exists(started));
            long childPid = Long.parseLong(Files.readString(started).trim());

            ProcessHandle.of(childPid).orElseThrow().destroyForcibly();

            assertThat(client.awaitFinished(id, MAX).state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(setup.runs()).containsExactly("long");
            setup.awaitEvent(" crash group=work pid=" + childPid + " generation=\\d+ exit=137 ", MAX);
            manager.destroy();
            assertThat(ManagedSetup.awaitExit(manager, MAX)).isZero();
        } finally {
            ProcessTree.cleanUp(manager, setup);
        }
    }
}
