package dev.errand.backend.gearman.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A foreign Gearman peer in a process of its own (a Perl script, the {@code gearman} tool): its
 * stdout and stderr go to files, every wait is bounded, and closing it kills it.
 */
public final class Peer implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private Peer(List<String> command) throws IOException {
        this.command = command;
        this.stdout = Files.createTempFile("errand-gearman-peer-", ".out");
        this.stderr = Files.createTempFile("errand-gearman-peer-", ".err");
        this.process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
    }

    public static Peer start(String... command) {
        try {
            return new Peer(List.of(command));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + List.of(command), e);
        }
    }

    /** Runs a peer to its end (at most {@code max}) and returns its stdout; fails unless it exits with 0. */
    public static byte[] run(Duration max, String... command) throws IOException, InterruptedException {
        try (Peer peer = start(command)) {
            int exit = peer.awaitExit(max);
            if (exit != 0) {
                throw new AssertionError(peer + " exited with " + exit + "; stderr: " + peer.stderr());
            }
            return peer.stdout();
        }
    }

    /** The path of a script in this package's test resources. */
    public static String script(String name) {
        try {
            return Path.of(Peer.class.getResource(name).toURI()).toString();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no test resource " + name + " next to " + Peer.class, e);
        }
    }

    public int awaitExit(Duration max) throws InterruptedException, IOException {
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(this + " did not exit within " + max + "; stderr: " + stderr());
        }
        return process.exitValue();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public byte[] stdout() throws IOException {
        return Files.readAllBytes(stdout);
    }

    public String stderr() throws IOException {
        return Files.readString(stderr);
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
    }

    @Override
    public String toString() {
        return String.join(" ", command);
    }
}
