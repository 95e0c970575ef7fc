package dev.errand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.cli.jobs.GearmanShopJobs;
import dev.errand.testservers.GearmandServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * {@code errand worker} and {@code errand manager} on {@code errand.backend=gearman}: the {@code gearman} tool calls a
 * Java job they serve through a real gearmand, {@code gearadmin --status} shows their workers, {@code errand queues}
 * shows gearmand's status, and the manager recycles and reloads children without losing or repeating a job.
 */
class GearmanCliTest {
    private static final Duration MAX = Duration.ofSeconds(60);
    private static final String JOBS = "dev.errand.cli.jobs.GearmanShop";

    private static ManagedSetup setup(Path dir, GearmandServer gearmand) {
        return new ManagedSetup(dir, null)
                .set("errand.backend", "gearman")
                .set("errand.gearman.servers", gearmand.address())
                .set("errand.manager.group.work.workers", JOBS);
    }

    @Test
    void errandWorker_servesAJavaJobToTheGearmanTool(@TempDir Path dir) throws Exception {
        try (GearmandServer gearmand = GearmandServer.launch()) {
            ManagedSetup setup = setup(dir, gearmand);
            Process worker = setup.errandProcess("worker", "worker", "--workers", JOBS, "--threads", "3");
            try {
                awaitWorkers(gearmand, "cli::Upper", 3, setup);
                assertThat(run("gearman", "-h", gearmand.host(), "-p", port(gearmand), "-f", "cli::Upper", "hi"))
                        .isEqualTo("HI");
                worker.destroy(); // SIGTERM: a graceful stop
                assertThat(ManagedSetup.awaitExit(worker, MAX)).isZero();
            } finally {
                worker.destroyForcibly();
            }
        }
    }

    @Test
    void errandManager_runsGearmanWorkerGroups_processesTimesThreads(@TempDir Path dir) throws Exception {
        try (GearmandServer gearmand = GearmandServer.launch()) {
            ManagedSetup setup = setup(dir, gearmand);
            Process manager = setup.startManager();
            try {
                awaitWorkers(gearmand, "cli::Upper", 4, setup); // 2 processes x 2 threads
                assertThat(run("gearman", "-h", gearmand.host(), "-p", port(gearmand), "-f", "cli::Upper", "managed"))
                        .isEqualTo("MANAGED");
            } finally {
                ProcessTree.cleanUp(manager, setup);
            }
        }
    }

    @Test
    @Tag("slow")
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void errandQueues_showsGearmandsStatus_andTheManagerRecyclesChildren_withoutLosingOrRepeatingAJob(@TempDir Path dir)
            throws Exception {
        try (GearmandServer gearmand = GearmandServer.launch()) {
            ManagedSetup setup = setup(dir, gearmand).set("errand.manager.group.work.maxJobsPerChild", "5");
            try (Errand client = setup.client()) {
                client.enqueueAll(records(client, setup, "job-", 60));
            }
            ManagedSetup.Result queues = setup.cli("queues");
            assertThat(queues.code()).as(queues.toString()).isZero();
            assertThat(queues.out()).containsPattern("cli::Record +60 +0 +0 +0 +-");

            Process manager = setup.startManager();
            try {
                setup.await("60 jobs ran", Duration.ofMinutes(3))
                        .until(() -> setup.runs().size() >= 60);
                assertRanOnceEach(setup, "job-", 60);
                // Each child stops at 5 jobs; a job it had grabbed but not started went back to gearmand.
                assertThat(setup.count(
                                " recycle group=work pid=\\d+ generation=\\d+ exit=0 jobs=5 .* reason=limit limit=5"))
                        .as("children recycled after 5 jobs")
                        .isGreaterThanOrEqualTo(10);
                setup.await("gearmand holds no cli::Record job", MAX)
                        .until(() -> setup.cli("queues").out().lines().noneMatch(l -> l.startsWith("cli::Record")));
                manager.destroy();
                assertThat(ManagedSetup.awaitExit(manager, MAX)).isZero();
            } finally {
                ProcessTree.cleanUp(manager, setup);
            }
        }
    }

    @Test
    @Tag("slow")
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void managerReload_rollsGearmanChildrenOver_withoutLosingOrRepeatingAJob(@TempDir Path dir) throws Exception {
        try (GearmandServer gearmand = GearmandServer.launch()) {
            ManagedSetup setup = setup(dir, gearmand).set("errand.manager.group.work.processes", "1");
            Process manager = setup.startManager();
            try {
                setup.awaitReady(1, Duration.ofSeconds(90));
                long oldChild = setup.children("ready").get(0).pid();
                setup.set("errand.manager.group.work.processes", "2");
                ManagedSetup.Result reload = setup.cli("manager", "reload");
                assertThat(reload.code()).as(reload.toString()).isZero();
                try (Errand client = setup.client()) {
                    client.enqueueAll(records(client, setup, "during-reload-", 40));
                }
                setup.awaitEvent(" exit group=work pid=" + oldChild + " .* reason=reload", Duration.ofSeconds(90));
                setup.await("40 jobs ran", Duration.ofMinutes(2))
                        .until(() -> setup.runs().size() >= 40);
                assertRanOnceEach(setup, "during-reload-", 40);
                setup.awaitReady(2, Duration.ofSeconds(60));
                awaitWorkers(gearmand, "cli::Record", 4, setup); // 2 processes x 2 threads
                manager.destroy();
                assertThat(ManagedSetup.awaitExit(manager, MAX)).isZero();
            } finally {
                ProcessTree.cleanUp(manager, setup);
            }
        }
    }

    private static List<JobCall<Void>> records(Errand client, ManagedSetup setup, String prefix, int n) {
        GearmanShopJobs jobs = new GearmanShopJobs(client);
        List<JobCall<Void>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(jobs.record(setup.dir.toString(), prefix + i));
        }
        return calls;
    }

    private static void assertRanOnceEach(ManagedSetup setup, String prefix, int n) {
        Map<String, Integer> perKey = new TreeMap<>();
        setup.runs().forEach(k -> perKey.merge(k, 1, Integer::sum));
        assertThat(perKey.keySet()).hasSize(n).allSatisfy(k -> assertThat(k).startsWith(prefix));
        assertThat(perKey.values())
                .as("runs per job")
                .allSatisfy(c -> assertThat(c).isEqualTo(1));
    }

    private static String port(GearmandServer gearmand) {
        return String.valueOf(gearmand.port());
    }

    private static void awaitWorkers(GearmandServer gearmand, String function, int n, ManagedSetup setup) {
        ManagedSetup.await(
                        "gearadmin --status shows " + n + " workers for " + function,
                        MAX,
                        () -> String.join("\n", setup.lines("worker.out")) + "\n"
                                + String.join("\n", setup.lines("manager.log")))
                .until(() -> run("gearadmin", "-h", gearmand.host(), "-p", port(gearmand), "--status")
                        .lines()
                        .anyMatch(l -> l.matches(function.replace(":", "\\:") + "\\t\\d+\\t\\d+\\t" + n)));
    }

    /** Runs a tool to its end (bounded) and returns what it printed; fails unless it exits with 0. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        if (!p.waitFor(MAX.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within " + MAX);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + p.exitValue() + ": " + out);
        }
        return out;
    }
}
