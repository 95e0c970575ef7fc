package dev.errand.testservers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real {@code gearmand} (Debian package {@code gearman-job-server}, 1.1.20 on Debian 12) on
 * 127.0.0.1 and a free port, with its pid file and log in a temporary directory of its own and
 * the builtin (in-memory) queue. The binary is {@code /usr/sbin/gearmand}, or the file named by
 * {@code -Derrand.test.gearmand} / {@code ERRAND_TEST_GEARMAND}. A missing binary fails with the
 * package to install; nothing is skipped.
 */
public final class GearmandServer implements KillableServer {
    private static final String PACKAGE_HINT = "install the Debian package gearman-job-server"
            + " (apt-get install gearman-job-server; .ci/run does it), or name the binary with"
            + " -Derrand.test.gearmand=PATH";
    private static GearmandServer shared;

    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private final ServerProcess process;

    private GearmandServer(int port, Path dir, List<String> extraArgs) {
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
        this.process =
                new ServerProcess("gearmand on port " + port, dir.resolve("gearmand-" + port + ".out"), dir, Map.of());
    }

    /** The server shared by the tests of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized GearmandServer shared() {
        if (shared == null) {
            shared = launch();
        }
        return shared;
    }

    /** Starts a server of the caller's own on a free port, with these extra arguments, e.g. {@code "--job-retries=2"}. */
    public static GearmandServer launch(String... extraArgs) {
        File binary = binary();
        Path dir;
        try {
            dir = Files.createTempDirectory("errand-gearmand-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for gearmand", e);
        }
        GearmandServer server = new GearmandServer(Ports.free(), dir, List.of(extraArgs));
        server.start(binary);
        return server;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}, as {@code errand.gearman.servers} and Perl's {@code job_servers} spell it. */
    public String address() {
        return host() + ":" + port;
    }

    /** Where its pid file and log are. */
    public Path dir() {
        return dir;
    }

    /** gearmand's own log ({@code --log-file}). */
    public Path log() {
        return dir.resolve("gearmand.log");
    }

    /** (Re)starts the server on the same port; the builtin queue starts empty. */
    @Override
    public void start() {
        start(binary());
    }

    private void start(File binary) {
        List<String> command = new ArrayList<>(List.of(
                binary.getAbsolutePath(),
                "--listen=127.0.0.1",
                "--port=" + port,
                "--pid-file=" + dir.resolve("gearmand.pid"),
                "--log-file=" + log(),
                "--verbose=WARNING",
                "--threads=2"));
        command.addAll(extraArgs);
        process.start(
                command,
                Duration.ofSeconds(20),
                Duration.ofMillis(20),
                () -> ServerProcess.answers(port, "version", "OK"));
    }

    /** SIGTERM: gearmand exits; every job it held is gone. */
    @Override
    public void stop() throws InterruptedException {
        process.end(false, Duration.ofSeconds(30));
    }

    @Override
    public void kill() {
        try {
            process.end(true, Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the server and deletes its directory. */
    @Override
    public void close() {
        kill();
        ServerProcess.deleteTree(dir);
    }

    @Override
    public String toString() {
        return "gearmand on " + address() + (extraArgs.isEmpty() ? "" : " " + String.join(" ", extraArgs));
    }

    /** The {@code gearmand} binary every server runs; fails naming the package when it is missing. */
    public static File binary() {
        String named = System.getProperty("errand.test.gearmand", System.getenv("ERRAND_TEST_GEARMAND"));
        File found = new File(named != null && !named.isBlank() ? named : "/usr/sbin/gearmand");
        if (!found.canExecute()) {
            throw new IllegalStateException(
                    "gearmand binary " + found + " does not exist or is not executable: " + PACKAGE_HINT);
        }
        return found;
    }
}
