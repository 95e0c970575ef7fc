package dev.errand.testservers;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The operating-system process of a server that a test starts, stops with SIGTERM, kills with
 * SIGKILL and starts again: its output goes to a log file that a failure quotes, and a JVM that
 * ends without closing it (killed, timed out) leaves no server behind.
 */
final class ServerProcess {
    private final String name;
    private final Path log;
    private final File workDir;
    private final Map<String, String> env;
    private Process process;

    /** @param name how messages name the server, e.g. {@code "redis-server on port 6379"} */
    ServerProcess(String name, Path log, Path workDir, Map<String, String> env) {
        this.name = name;
        this.log = log;
        this.workDir = workDir == null ? null : workDir.toFile();
        this.env = Map.copyOf(env);
        Runtime.getRuntime().addShutdownHook(new Thread(this::destroyOnExit));
    }

    private synchronized void destroyOnExit() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /**
     * Runs {@code command} and returns once {@code ready} holds (polled every {@code every});
     * fails with the server's output if the process exits first or {@code ready} does not hold
     * within {@code max}.
     */
    synchronized void start(List<String> command, Duration max, Duration every, BooleanSupplier ready) {
        if (process != null) {
            throw new IllegalStateException(name + " is already running");
        }
        Process started;
        try {
            started = builder(command).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + command + ": " + e.getMessage(), e);
        }
        try {
            await(name + " accepts connections")
                    .atMost(max)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(every)
                    .failFast(name + " exited while starting", () -> !started.isAlive())
                    .until(ready::getAsBoolean);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            started.destroyForcibly();
            throw new IllegalStateException(
                    name + " did not start (" + command + "): " + e.getMessage() + "; its output:\n" + output(), e);
        }
        process = started;
    }

    /**
     * Runs a one-off command (an installer) in the server's directory, environment and log; fails
     * with the output unless it exits with 0 within {@code max}.
     */
    void run(List<String> command, Duration max) {
        try {
            Process p = builder(command).start();
            if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        command.get(0) + " did not finish within " + max.toSeconds() + " s; output:\n" + output());
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        command.get(0) + " exited with " + p.exitValue() + ": " + command + "; output:\n" + output());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private ProcessBuilder builder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return builder;
    }

    synchronized boolean running() {
        return process != null;
    }

    /**
     * SIGTERM ({@code forcibly == false}) or SIGKILL, then waits for the exit; a process that
     * outlives {@code wait} is killed and the call fails naming the server. Does nothing when
     * the server is not running.
     */
    synchronized void end(boolean forcibly, Duration wait) throws InterruptedException {
        if (process == null) {
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        awaitExit(wait, forcibly ? "killed" : "stopped");
    }

    /** Waits for a process that was told to exit some other way (a shutdown command); kills it after {@code wait}. */
    synchronized void awaitExit(Duration wait, String how) throws InterruptedException {
        if (process == null) {
            return;
        }
        try {
            if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        name + " did not exit within " + wait.toSeconds() + " s of being " + how);
            }
        } finally {
            process = null;
        }
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** The last {@code lines} lines of the output, for a test's failure message. */
    String recentOutput(int lines) {
        List<String> all = output().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /**
     * Whether a server on 127.0.0.1:{@code port} answers the text line {@code request} with an
     * answer that starts with {@code prefix} (a readiness probe: short timeouts, any error is "no").
     */
    static boolean answers(int port, String request, String prefix) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(1000);
            s.getOutputStream().write((request + "\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[prefix.length()];
            int n = s.getInputStream().read(reply);
            return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith(prefix);
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes a server's temporary directory and everything in it; one left behind is harmless. */
    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
