package dev.errand.backend.jdbc;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.h2.tools.Server;

/**
 * H2's TCP server ({@code org.h2.tools.Server -tcp}, as {@link KilledJdbcWorkerTest} starts it)
 * in a JVM of its own, so that a test can kill it with SIGKILL as well as stop it. The database
 * files live in the test's directory and outlive the process. A server that does not start fails
 * the test with its output.
 */
final class H2ServerProcess implements JdbcServer {
    private static final String DATABASE = "outage";
    /** Needed by {@code -tcpShutdown}; it guards only this test server on 127.0.0.1. */
    private static final String SHUTDOWN_PASSWORD = "errand-test-shutdown";

    private final Path dir;
    private final int port;
    private final String urlOptions;
    private Process process;

    private H2ServerProcess(Path dir, int port, String urlOptions) {
        this.dir = dir;
        this.port = port;
        this.urlOptions = urlOptions;
        // A test JVM that ends without closing it (killed, timed out) leaves no server behind.
        Runtime.getRuntime().addShutdownHook(new Thread(this::destroyOnExit));
    }

    private synchronized void destroyOnExit() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /** A server with its files in {@code dir}; {@code urlOptions} (e.g. {@code ;WRITE_DELAY=0}) go into the URL. */
    static H2ServerProcess start(Path dir, String urlOptions) {
        H2ServerProcess server = new H2ServerProcess(dir, JdbcServer.freePort(), urlOptions);
        server.start();
        return server;
    }

    @Override
    public synchronized void start() {
        if (process != null) {
            throw new IllegalStateException("the H2 server on port " + port + " is already running");
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", h2Jar(), Server.class.getName(), "-tcp", "-tcpPort", Integer.toString(port), "-tcpPassword",
                SHUTDOWN_PASSWORD, "-ifNotExists",
                "-baseDir", dir.toString());
        Path log = dir.resolve("h2-server-" + port + ".log");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                process = null;
                throw new IllegalStateException("the H2 TCP server on port " + port + " did not start (" + command
                        + "); its output:\n" + read(log));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /**
     * The operator's way: {@code Server -tcpShutdown -tcpShutdownForce} (without "force" it would
     * wait for every client to disconnect, which busy clients never do). The TCP server stops
     * accepting and closes its sessions, the database closes cleanly, then the process exits.
     */
    @Override
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        try {
            Server.shutdownTcpServer("tcp://127.0.0.1:" + port, SHUTDOWN_PASSWORD, true, true);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not shut the H2 TCP server on port " + port + " down", e);
        }
        awaitExit();
    }

    /**
     * SIGTERM: the JVM runs H2's shutdown hook, which closes the open databases. While it does,
     * the TCP server still accepts connections.
     */
    synchronized void terminate() throws InterruptedException {
        end(false);
    }

    /** SIGKILL: whatever H2 had not yet written to its file is gone. */
    @Override
    public synchronized void kill() throws InterruptedException {
        end(true);
    }

    private void end(boolean forcibly) throws InterruptedException {
        if (process == null) {
            return;
        }
        try {
            JdbcServer.end(process, forcibly, Duration.ofSeconds(30), "the H2 server on port " + port);
        } finally {
            process = null;
        }
    }

    private void awaitExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process = null;
            throw new IllegalStateException("the H2 server on port " + port + " did not exit within 30 s of being stopped");
        }
        process = null;
    }

    @Override
    public String url() {
        return "jdbc:h2:tcp://127.0.0.1:" + port + "/./" + DATABASE + urlOptions;
    }

    @Override
    public String user() {
        return "sa";
    }

    @Override
    public String password() {
        return "";
    }

    /** Stops the server; kills it if it does not stop. */
    @Override
    public void close() {
        try {
            try {
                stop();
            } catch (RuntimeException e) {
                kill();
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "H2 server (" + (urlOptions.isEmpty() ? "default WRITE_DELAY" : urlOptions.substring(1)) + ")";
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String h2Jar() {
        try {
            return new File(Server.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the H2 jar", e);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
