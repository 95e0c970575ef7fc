package dev.errand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.testservers.GearmandServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code errand worker} and {@code errand manager} on {@code errand.backend=gearman}: the {@code gearman} tool calls a
 * Java job they serve through a real gearmand, and {@code gearadmin --status} shows their workers.
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
                awaitWorkers(gearmand, "cli::Upper", 6, setup); // 3 threads x 2 connections each
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
                awaitWorkers(gearmand, "cli::Upper", 8, setup); // 2 processes x 2 threads x 2 connections
                assertThat(run("gearman", "-h", gearmand.host(), "-p", port(gearmand), "-f", "cli::Upper", "managed"))
                        .isEqualTo("MANAGED");
            } finally {
                ProcessTree.cleanUp(manager, setup);
            }
        }
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
