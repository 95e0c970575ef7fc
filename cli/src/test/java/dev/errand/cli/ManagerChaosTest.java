package dev.errand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.cli.jobs.ManagedJobsJobs;
import dev.errand.job.JobId;
import dev.errand.manager.ManagerStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Children SIGKILLed again and again under load: the manager runs 3 children on PostgreSQL with a
 * backlog of 4,000 short jobs, and the test kills a random child that is running jobs ten times,
 * spread over the backlog. Every acknowledged job ends SUCCEEDED, and a job that ran more than once
 * was re-delivered because a killed child held it (attempt > 1, a {@code LeaseExpired} error naming
 * the killed process per earlier attempt): no duplicate completion without a crash.
 */
@Tag("slow")
class ManagerChaosTest {
    private static final int JOBS = 4_000;
    private static final int KILLS = 10;
    private static final int JOB_MILLIS = 5;
    private static final Duration POLL = Duration.ofMillis(200);

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
    void childrenKilledTenTimesUnderLoad_everyAcknowledgedJobSucceeds_andOnlyKilledAttemptsRunAgain() throws Exception {
        long started = System.nanoTime();
        setup = new ManagedSetup(tmp, "chaos")
                .set("errand.worker.lease", "3s")
                .set("errand.manager.group.work.processes", "3")
                .set("errand.manager.crashBackoff", "100ms")
                .set("errand.manager.maxCrashBackoff", "400ms")
                .set("errand.manager.crashLoop.count", "1000");
        JobTable table = new JobTable(setup.url);
        long seed = System.nanoTime();
        Random random = new Random(seed);
        manager = setup.startManager();
        setup.awaitReady(3, Duration.ofSeconds(90));

        Map<String, String> acknowledged = enqueue();

        Set<Long> killed = new LinkedHashSet<>();
        for (int k = 1; k <= KILLS; k++) {
            long threshold = (long) JOBS * k / (KILLS + 2);
            setup.await(threshold + " jobs succeeded before kill " + k, Duration.ofSeconds(90))
                    .pollInterval(POLL)
                    .until(() -> table.count("SUCCEEDED") >= threshold);
            AtomicReference<ManagerStatus.Child> victim = new AtomicReference<>();
            int kill = k;
            setup.await(
                            "a ready child that has run jobs, for kill " + kill + " (seed " + seed + ")",
                            Duration.ofSeconds(90))
                    .until(() -> {
                        victim.set(pick(random, killed));
                        return victim.get() != null;
                    });
            long pid = victim.get().pid();
            ProcessHandle.of(pid)
                    .orElseThrow(() -> new AssertionError("child " + pid + " vanished before kill " + kill))
                    .destroyForcibly();
            killed.add(pid);
        }

        ManagedSetup.await(
                        "all " + JOBS + " jobs succeeded after " + KILLS + " kills",
                        Duration.ofSeconds(120),
                        () -> "succeeded: " + table.count("SUCCEEDED") + "\n" + setup.describe())
                .pollInterval(POLL)
                .until(() -> table.count("SUCCEEDED") == JOBS);
        DeliveryAudit.Result audit = DeliveryAudit.check(acknowledged, setup.runs(), table, killed);
        System.out.printf(
                "manager chaos: %d kills of %s, %s; %.1f s (seed %d)%n",
                killed.size(), killed, audit.summary(), (System.nanoTime() - started) / 1e9, seed);

        assertThat(audit.problems()).as(audit.summary()).isEmpty();
        assertThat(audit.extraJobs()).as("jobs nobody enqueued").isZero();
        assertThat(audit.redelivered())
                .as("jobs the killed children held and that ran again: the kills hit running children")
                .isPositive();
        for (long pid : killed) {
            setup.await("the kill of child " + pid + " is logged as a crash", Duration.ofSeconds(30))
                    .until(() -> setup.count(" crash group=work pid=" + pid + " generation=\\d+ exit=137 ") == 1);
        }
        assertThat(setup.count(" crash ")).as("crashes besides the kills").isEqualTo(KILLS);
        assertThat(setup.count(" crash-loop ")).isZero();
        setup.awaitReady(3, Duration.ofSeconds(60));

        manager.destroy();
        assertThat(ManagedSetup.awaitExit(manager, Duration.ofSeconds(60))).isZero();
    }

    /** Enqueues the backlog in batches; the id of every acknowledged job by its key. */
    private Map<String, String> enqueue() {
        Map<String, String> acknowledged = new HashMap<>();
        try (Errand client = setup.client()) {
            ManagedJobsJobs jobs = new ManagedJobsJobs(client);
            for (int from = 0; from < JOBS; from += 500) {
                List<String> keys = new ArrayList<>();
                List<JobCall<Void>> calls = new ArrayList<>();
                for (int i = from; i < Math.min(JOBS, from + 500); i++) {
                    keys.add("chaos-" + i);
                    calls.add(jobs.pause(setup.dir.toString(), "chaos-" + i, JOB_MILLIS));
                }
                List<JobId> ids = client.enqueueAll(calls);
                for (int i = 0; i < ids.size(); i++) {
                    acknowledged.put(keys.get(i), ids.get(i).value());
                }
            }
        }
        return acknowledged;
    }

    /** A random live child of this manager that is ready and has run jobs; null when there is none right now. */
    private ManagerStatus.Child pick(Random random, Set<Long> killed) {
        List<ManagerStatus.Child> candidates = setup.children("ready").stream()
                .filter(c -> c.jobsDone() > 0 && !killed.contains(c.pid()))
                .filter(c -> ProcessHandle.of(c.pid())
                        .flatMap(ProcessHandle::parent)
                        .map(p -> p.pid() == manager.pid())
                        .orElse(false))
                .toList();
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }
}
