package dev.errand.bench.raw;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/** One JDBC connection per calling thread, as a pool would give each worker thread its own; closes them all. */
final class ThreadConnections implements AutoCloseable {
    private final String url;
    private final Properties login;
    private final Map<Thread, Connection> connections = new ConcurrentHashMap<>();

    /** {@code extra}: driver properties besides the login, e.g. {@code reWriteBatchedInserts}. */
    ThreadConnections(String url, String user, String password, Map<String, String> extra) {
        this.url = url;
        this.login = new Properties();
        login.setProperty("user", user);
        if (password != null) {
            login.setProperty("password", password);
        }
        extra.forEach(login::setProperty);
    }

    /**
     * Runs {@code statements} (a queue's table, emptied) on the calling thread's connection; when one fails, closes
     * every connection and says what could not be set up ({@code what}).
     */
    void setUp(String what, String... statements) {
        try (Statement s = current().createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException | RuntimeException e) {
            close();
            throw new IllegalStateException("cannot create " + what + ": " + e.getMessage(), e);
        }
    }

    /** The calling thread's connection, opened on its first call. */
    Connection current() {
        return connections.computeIfAbsent(Thread.currentThread(), t -> {
            try {
                return DriverManager.getConnection(url, login);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot connect to " + url + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public void close() {
        connections.values().forEach(c -> {
            try {
                c.close();
            } catch (SQLException e) {
                // closing: nothing left to do with it
            }
        });
        connections.clear();
    }
}
