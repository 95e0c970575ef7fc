package dev.errand.dashboard;

import dev.errand.Errand;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Objects;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Errand web dashboard: queues, jobs, retries, pauses and live timing figures, served by an embedded Jetty.
 *
 * <pre>{@code
 * try (Dashboard d = Dashboard.start(errand, DashboardOptions.builder().port(8080).build())) {
 *     System.out.println("open " + d.uri());
 *     ...
 * }
 * }</pre>
 *
 * It listens on 127.0.0.1 unless told otherwise, and refuses to listen anywhere else without users or tokens to authenticate.
 */
public final class Dashboard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    static final int MAX_HEADER_BYTES = 8192;

    private final Server server;
    private final ServerConnector connector;
    private final String host;

    private Dashboard(Server server, ServerConnector connector, String host) {
        this.server = server;
        this.connector = connector;
        this.host = host;
    }

    /** Starts serving; fails (IllegalArgumentException) on a non-loopback address without users or tokens, naming what to set. */
    public static Dashboard start(Errand errand, DashboardOptions options) {
        Objects.requireNonNull(errand, "errand == null");
        Objects.requireNonNull(options, "options == null");
        if (!isLoopback(options.host()) && !options.authenticated()) {
            throw new IllegalArgumentException("the dashboard refuses to listen on " + options.host()
                    + " without authentication: add a user with a password hash (errand.dashboard.users and"
                    + " errand.dashboard.user.<name>.passwordHash, or DashboardOptions.Builder.user) or a bearer token"
                    + " (errand.dashboard.tokens, or DashboardOptions.Builder.token), or listen on "
                    + DashboardOptions.LOOPBACK);
        }
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("errand-dashboard");
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        server.addConnector(connector);
        server.setHandler(new DashboardHandler(errand, options));
        server.setStopTimeout(2000);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException(
                    "the dashboard cannot listen on " + options.host() + ":" + options.port() + " (" + e.getMessage()
                            + "); choose another port with --port or errand.dashboard.port",
                    e);
        }
        Dashboard d = new Dashboard(server, connector, options.host());
        LOG.info(
                "Errand dashboard on {} ({} backend, authentication {})",
                d.uri(),
                errand.backend().name(),
                options.authenticated()
                        ? "on, " + options.users().size() + " user(s), "
                                + options.tokens().size() + " token(s)"
                        : "off: loopback only");
        return d;
    }

    /** The port it listens on (the one picked when the options said 0). */
    public int port() {
        return connector.getLocalPort();
    }

    public URI uri() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port() + "/");
    }

    /** Blocks until the dashboard stops (for the command line). */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops listening; a request still waiting on the backend after the stop timeout is cut off (and logged). */
    @Override
    public void close() {
        String where = host + ":" + connector.getPort();
        try {
            server.stop();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("the dashboard on {} stopped without waiting for every request to end", where, e);
        }
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(
                    "the dashboard's host " + host + " is not an address of this machine", e);
        }
    }
}
