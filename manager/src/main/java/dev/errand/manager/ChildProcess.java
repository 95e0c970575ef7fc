package dev.errand.manager;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * One child JVM as the parent sees it: its process, generation and the state it reported over
 * {@link ChildProtocol}. Two daemon threads read its standard output (protocol, timing lines) and
 * standard error (into the manager log); the parent keeps its standard input open, which is how the
 * child notices the parent's death.
 */
final class ChildProcess {
    enum State {
        STARTING,
        READY,
        STOPPING
    }

    /** What the supervisor learns from a child's output. */
    interface Listener {
        void timing(String line);

        void output(ChildProcess child, String stream, String line);

        void ready(ChildProcess child);
    }

    final String group;
    final long generation;
    final int configVersion;
    final Instant startedAt;
    private final Process process;
    private final Thread stdoutReader;
    private final Thread stderrReader;
    volatile State state = State.STARTING;
    volatile long jobsDone;
    volatile String stopReason = "";
    /** True once the supervisor asked it to stop (shutdown or a rolling restart). */
    volatile boolean stopRequested;

    ChildProcess(
            String group, long generation, int configVersion, Instant startedAt, Process process, Listener listener) {
        this.group = group;
        this.generation = generation;
        this.configVersion = configVersion;
        this.startedAt = startedAt;
        this.process = process;
        this.stdoutReader =
                reader(process.getInputStream(), "errand-child-out-" + process.pid(), line -> protocol(line, listener));
        this.stderrReader = reader(
                process.getErrorStream(),
                "errand-child-err-" + process.pid(),
                line -> listener.output(this, "stderr", line));
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    /** Asks for a graceful stop: a {@code stop} line on its standard input. */
    void requestStop() {
        stopRequested = true;
        try {
            OutputStream in = process.getOutputStream();
            in.write((ChildProtocol.STOP + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            // already gone: its exit is on its way
        }
    }

    void kill() {
        process.destroyForcibly();
    }

    /** Waits (bounded) until both output readers reached end-of-file, so the last reported lines are in. */
    void awaitOutput(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        stdoutReader.join(Math.max(1, millis));
        stderrReader.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
    }

    private void protocol(String line, Listener listener) {
        if (line.startsWith(ChildProtocol.TIMING + " ")) {
            listener.timing(line.substring(ChildProtocol.TIMING.length() + 1));
        } else if (line.startsWith(ChildProtocol.JOBS + " ") || line.startsWith(ChildProtocol.STOPPED + " ")) {
            try {
                jobsDone = Long.parseLong(line.substring(line.indexOf(' ') + 1).trim());
            } catch (NumberFormatException e) {
                listener.output(this, "stdout", line);
            }
        } else if (line.startsWith(ChildProtocol.READY)) {
            state = State.READY;
            listener.ready(this);
        } else if (line.startsWith(ChildProtocol.STOPPING + " ")) {
            stopReason = line.substring(ChildProtocol.STOPPING.length() + 1).trim();
            state = State.STOPPING;
        } else {
            listener.output(this, "stdout", line);
        }
    }

    private static Thread reader(InputStream in, String name, Consumer<String> lines) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            lines.accept(line);
                        }
                    } catch (IOException e) {
                        // the child is gone
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public String toString() {
        return "group=" + group + " pid=" + pid() + " generation=" + generation;
    }
}
