package dev.errand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.cli.jobs.ManagedJobsJobs;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that calls {@code System.exit(3)} under the manager: each attempt ends its child process
 * (a crash with exit code 3, and the child is replaced), the job comes back after its 2 s lease,
 * and after {@code maxAttempts = 2} it is DEAD with one {@code LeaseExpired} error per attempt;
 * meanwhile the other jobs of the group all complete.
 */
@Tag("slow")
class ManagerSystemExitTest {
    @TempDir
    Path tmp;

    private ManagedSetup setup;
    private Process manager;

    @AfterEach
    void killWhatIsLeft() {
        ProcessTree.cleanUp(manager, setup);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void jobCallingSystemExit_isDeadAfterMaxAttempts_withLeaseExpiredErrors_andOtherJobsComplete() throws Exception {
        setup = new ManagedSetup(tmp, "sysexit")
                .set("errand.worker.lease", "2s")
                .set("errand.manager.group.work.threads", "1");
        manager = setup.startManager();
        try (Errand client = setup.client()) {
            ManagedJobsJobs jobs = new ManagedJobsJobs(client);
            JobId exiting = jobs.exitProcess(setup.dir.toString(), "exit", 3).enqueue();
            setup.await("the exiting job ran once", Duration.ofSeconds(90))
                    .until(() -> setup.runs().contains("exit"));

            List<JobCall<Void>> calls = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                calls.add(jobs.record(setup.dir.toString(), "job-" + i));
            }
            List<JobId> others = client.enqueueAll(calls);
            for (JobId id : others) {
                assertThat(client.awaitFinished(id, Duration.ofSeconds(90)).state())
                        .isEqualTo(JobState.SUCCEEDED);
            }

            JobInfo dead = client.awaitFinished(exiting, Duration.ofSeconds(90));
            assertThat(dead.state()).isEqualTo(JobState.DEAD);
            assertThat(dead.attempt()).isEqualTo(2);
            assertThat(dead.errors())
                    .hasSize(2)
                    .allSatisfy(e -> assertThat(e.type()).isEqualTo("LeaseExpired"));
            assertThat(dead.errors()).extracting(e -> e.attempt()).containsExactly(1, 2);

            List<String> runs = setup.runs();
            assertThat(Collections.frequency(runs, "exit"))
                    .as("attempts of the exiting job")
                    .isEqualTo(2);
            for (int i = 0; i < 30; i++) {
                assertThat(runs).as("runs of job-" + i).contains("job-" + i);
            }
            setup.await("two crashes with exit code 3 are logged", Duration.ofSeconds(30))
                    .until(() -> setup.count(" crash group=work pid=\\d+ generation=\\d+ exit=3 ") == 2);
            setup.awaitReady(2, Duration.ofSeconds(60));
        }
        manager.destroy();
        assertThat(ManagedSetup.awaitExit(manager, Duration.ofSeconds(60))).isZero();
    }
}
