package dev.errand.cli.jobs;

import dev.errand.Job;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * The jobs the manager's child processes run in the tests. Each run appends {@code key pid} to
 * {@code <dir>/runs.log} (one small O_APPEND write, so lines from many processes never mix),
 * which is how the tests count runs per key across processes.
 */
public class ManagedJobs {

    @Job(queue = "managed")
    public void record(String dir, String key) throws IOException {
        run(dir, key);
    }

    /**
     * Waits {@code millis} (a short job that keeps a thread busy), then records the run. Many
     * attempts are allowed: the chaos tests kill the children that hold it, possibly more than once.
     */
    @Job(queue = "managed", maxAttempts = 20)
    public void pause(String dir, String key, int millis) throws IOException {
        LockSupport.parkNanos(millis * 1_000_000L);
        run(dir, key);
    }

    @Job(queue = "managed")
    public int add(int a, int b) {
        return a + b;
    }

    @Job(queue = "managed", maxAttempts = 1)
    public void fail(String message) {
        throw new IllegalStateException(message);
    }

    /** Records the run, then ends the whole JVM with {@code status}, as a job that calls {@code System.exit} does. */
    @Job(queue = "managed", maxAttempts = 2)
    public void exitProcess(String dir, String key, int status) throws IOException {
        run(dir, key);
        System.exit(status);
    }

    /**
     * The first attempt writes {@code <key>.started} (with its pid) and waits until the test creates
     * {@code <key>.release} (at most 2 minutes); a later attempt, after the first one's process was
     * killed, finds the marker and finishes at once.
     */
    @Job(queue = "managed", timeout = "5m")
    public void hold(String dir, String key) throws IOException {
        Path started = Path.of(dir, key + ".started");
        if (!Files.exists(started)) {
            Path tmp = Path.of(dir, key + ".started.tmp");
            Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
            Files.move(tmp, started, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Path release = Path.of(dir, key + ".release");
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!Files.exists(release) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(20_000_000L);
            }
        }
        run(dir, key);
    }

    /** Appends {@code key pid} to {@code <dir>/runs.log}; the jobs of other tests record their runs with it too. */
    public static void run(String dir, String key) throws IOException {
        Files.writeString(
                Path.of(dir, "runs.log"),
                key + " " + ProcessHandle.current().pid() + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }
}
