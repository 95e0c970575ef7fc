package dev.errand.testservers;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.h2.tools.Server;

/**
 * H2's TCP server ({@code org.h2.tools.Server -tcp}) in a JVM of its own on 127.0.0.1, so that a
 * test can kill it with SIGKILL as well as stop it. The database files live in the test's
 * directory and outlive the process. A server that does not start fails the test with its output.
 */
public final class H2ServerProcess implements DatabaseServer {
    private static final String DATABASE = "outage";
    /** Needed by {@code -tcpShutdown}; it guards only this test server on 127.0.0.1. */
    private static final String SHUTDOWN_PASSWORD = "errand-test-shutdown";

    private final Path dir;
    private final int port;
    private final String urlOptions;
    private final ServerProcess process;

    private H2ServerProcess(Path dir, int port, String urlOptions) {
        this.dir = dir;
        this.port = port;
        this.urlOptions = urlOptions;
        this.process = new ServerProcess(
                "the H2 TCP server on port " + port, dir.resolve("h2-server-" + port + ".log"), null, Map.of());
    }

    /** A started server with its files in {@code dir}; {@code urlOptions} (e.g. {@code ;WRITE_DELAY=0}) join the URL. */
    public static H2ServerProcess start(Path dir, String urlOptions) {
        H2ServerProcess server = new H2ServerProcess(dir, Ports.free(), urlOptions);
        server.start();
        return server;
    }

    @Override
    public void start() {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                h2Jar(),
                Server.class.getName(),
                "-tcp",
                "-tcpPort",
                Integer.toString(port),
                "-tcpPassword",
                SHUTDOWN_PASSWORD,
                "-ifNotExists",
                "-baseDir",
                dir.toString());
        process.start(command, Duration.ofSeconds(30), Duration.ofMillis(20), this::accepts);
    }

    /**
     * The operator's way: {@code Server -tcpShutdown -tcpShutdownForce} (without "force" it would
     * wait for every client to disconnect, which busy clients never do). The TCP server stops
     * accepting and closes its sessions, the database closes cleanly, then the process exits.
     */
    @Override
    public void stop() throws InterruptedException {
        if (!process.running()) {
            return;
        }
        try {
            Server.shutdownTcpServer("tcp://127.0.0.1:" + port, SHUTDOWN_PASSWORD, true, true);
        } catch (SQLException e) {
            throw new IllegalStateException("could not shut the H2 TCP server on port " + port + " down", e);
        }
        process.awaitExit(Duration.ofSeconds(30), "stopped");
    }

    /**
     * SIGTERM: the JVM runs H2's shutdown hook, which closes the open databases. While it does,
     * the TCP server still accepts connections.
     */
    public void terminate() throws InterruptedException {
        process.end(false, Duration.ofSeconds(30));
    }

    /** SIGKILL: whatever H2 had not yet written to its file is gone. */
    @Override
    public void kill() throws InterruptedException {
        process.end(true, Duration.ofSeconds(30));
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
            return new File(Server.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .getPath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the H2 jar", e);
        }
    }
}
