package dev.errand.backend.jdbc;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running {@link FaultChildMain} JVM whose output (stdout and stderr) is kept, and which can
 * be waited on for a line that starts with a marker, then killed with SIGKILL.
 */
final class FaultChild implements AutoCloseable {
    private final Process process;
    private final StringBuilder output = new StringBuilder();
    private final List<String> lines = new ArrayList<>();

    private FaultChild(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "fault-child-output");
        reader.setDaemon(true);
        reader.start();
    }

    static FaultChild start(String mode, String url, String user, String password, String... more) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath(),
                FaultChildMain.class.getName(),
                mode,
                url,
                user,
                password));
        command.addAll(List.of(more));
        return new FaultChild(
                new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    private void read() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (this) {
                    output.append(line).append('\n');
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process died; waiters time out and report the output
        }
    }

    /** The first output line that starts with {@code marker}, waiting at most {@code seconds}. */
    synchronized String awaitLine(String marker, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            for (String line : lines) {
                if (line.startsWith(marker)) {
                    return line;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || (!process.isAlive() && lines.stream().noneMatch(l -> l.startsWith(marker)))) {
                if (!process.isAlive()) {
                    // let the reader drain what the process wrote last
                    wait(200);
                    for (String line : lines) {
                        if (line.startsWith(marker)) {
                            return line;
                        }
                    }
                }
                throw new AssertionError("the child JVM never printed " + marker + "; its output:\n" + output);
            }
            wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is released or committed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the child JVM did not die after SIGKILL");
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** The test class path for a child JVM: surefire runs tests from a manifest-only jar and names the real one here. */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank()
                ? cp
                : System.getProperty("java.class.path").replace(";", File.pathSeparator);
    }
}
