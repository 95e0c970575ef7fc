package dev.errand.bench.backend;

import java.util.Map;

/**
 * A backend to benchmark, with its server: started on first use on 127.0.0.1 the way the
 * backend's tests start it, stopped by {@link #close()}. Each {@link #open session} starts from an
 * empty store (a new database, a new key prefix).
 */
public interface Target extends AutoCloseable {

    /** The row label: {@code memory}, {@code postgres}, {@code redis}, {@code h2}, {@code mariadb}. */
    String name();

    /** The server, its version and the settings that matter for the figures; after the first session. */
    String describe();

    /** Jobs per scenario relative to the durable backends: the memory backend runs 10 times as many. */
    default int scale() {
        return 1;
    }

    /** A fresh, empty store; {@code properties} are extra {@code errand.*} keys for both clients. */
    Session open(Map<String, String> properties);

    /** The backend's key prefix: {@code errand.<configPrefix>.*} ({@code memory}, {@code jdbc}, {@code redis}). */
    String configPrefix();

    /** True when its sessions count the finished jobs they store ({@link Session#finishedJobs()}). */
    default boolean countsFinishedJobs() {
        return false;
    }

    /**
     * Round trips to the server so far, by kind, for every client in this JVM; empty when the
     * backend has no server.
     */
    Map<String, Long> roundTrips();

    /** The port the backend's server listens on, for its CPU time; -1 when there is no local server (yet). */
    default int serverPort() {
        return -1;
    }

    @Override
    void close();

    /** The target for a name given on the command line. */
    static Target named(String name, Map<String, String> serverOptions) {
        return switch (name) {
            case "memory" -> new MemoryTarget();
            case "postgres" -> new JdbcTarget(JdbcTarget.Kind.POSTGRES, serverOptions);
            case "mariadb" -> new JdbcTarget(JdbcTarget.Kind.MARIADB, serverOptions);
            case "h2" -> new JdbcTarget(JdbcTarget.Kind.H2, serverOptions);
            case "redis" -> new RedisTarget(serverOptions);
            default -> throw new IllegalArgumentException("unknown backend '" + name + "'; known: " + NAMES);
        };
    }

    java.util.List<String> NAMES = java.util.List.of("memory", "postgres", "redis", "h2", "mariadb");
}
