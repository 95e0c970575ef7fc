package dev.errand.bench;

import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.config.ErrandConfig;
import dev.errand.testservers.MariaDbServer;
import dev.errand.testservers.PostgresServer;
import dev.errand.worker.Worker;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code java -jar errand-bench.jar theschwartz [--workers=4] [--n=3000] [--databases=postgres,sqlite,mariadb]
 * [--rounds=2] [--out=FILE]}: Java workers and Perl {@code TheSchwartz::Worker} processes drain {@code n} no-op jobs
 * from TheSchwartz 1.12's own tables (the bundled schema files, as shipped; MariaDB in a latin1 database), the same
 * number of each (Java: job threads of one worker; Perl: worker processes, each one job at a time, as Perl workers
 * run), alternating in one run, after one unmeasured Java drain that warms the JVM up. Each side as it comes: Java writes an {@code exitstatus} row per job (its default,
 * 7 days), Perl none (its default). The rate is taken between 10 % and
 * 90 % drained, counted by {@code SELECT COUNT(*) FROM job}, so start-up and stragglers do not count. Needs {@code
 * perl} with TheSchwartz, DBD::Pg, DBD::SQLite and DBD::mysql (.ci/run installs them). Prints a Markdown table;
 * asserts nothing.
 */
final class TheSchwartzScenario {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int FILL_BATCH = 1000;

    /** One database: its JDBC side and the DSN Perl's DBI spells for it. */
    private record Db(String name, String url, String user, String password, String perlDsn) {}

    private TheSchwartzScenario() {}

    static void main(String[] args, PrintStream progress, PrintStream out) throws Exception {
        int workers = Integer.parseInt(option(args, "workers", "4"));
        int n = Integer.parseInt(option(args, "n", "3000"));
        int rounds = Integer.parseInt(option(args, "rounds", "2"));
        List<String> databases = Arrays.asList(
                option(args, "databases", "postgres,sqlite,mariadb").split(","));
        String outFile = option(args, "out", null);
        Path dir = Files.createTempDirectory("errand-ts-bench");
        Path script = dir.resolve("ts_noop_worker.pl");
        try (InputStream in = TheSchwartzScenario.class.getResourceAsStream("ts_noop_worker.pl")) {
            Files.write(script, in.readAllBytes());
        }
        StringBuilder table = new StringBuilder();
        table.append("TheSchwartz drain, ")
                .append(workers)
                .append(" workers a side, ")
                .append(n)
                .append(" no-op jobs a drain (Java writes exit statuses, Perl none: their defaults)\nmachine: ")
                .append(BenchMain.machine())
                .append("\n\n");
        table.append("| database | round | Java jobs/s | Perl jobs/s | Java / Perl |\n|---|---:|---:|---:|---:|\n");
        boolean warm = false;
        for (String name : databases) {
            Db db = database(name.trim(), dir);
            if (!warm) {
                progress.printf("[%s] warm-up: one Java drain of %d jobs, not measured%n", db.name(), n);
                javaDrain(db, n, workers, progress);
                warm = true;
            }
            for (int round = 1; round <= rounds; round++) {
                double java = javaDrain(db, n, workers, progress);
                double perl = perlDrain(db, n, workers, script, dir, progress);
                table.append(String.format(
                        Locale.ROOT, "| %s | %d | %.0f | %.0f | %.1f |%n", db.name(), round, java, perl, java / perl));
                progress.printf(Locale.ROOT, "[%s] round %d: Java %.0f/s, Perl %.0f/s%n", db.name(), round, java, perl);
                if (outFile != null) { // a long run keeps what it measured
                    Files.writeString(Path.of(outFile), table, StandardCharsets.UTF_8);
                }
            }
        }
        out.print(table);
    }

    static String option(String[] args, String key, String fallback) {
        return Arrays.stream(args)
                .filter(a -> a.startsWith("--" + key + "="))
                .map(a -> a.substring(key.length() + 3))
                .findFirst()
                .orElse(fallback);
    }

    private static Db database(String name, Path dir) throws SQLException {
        return switch (name) {
            case "postgres" -> {
                String url = PostgresServer.shared().newDatabase("ts_bench");
                String database = url.substring(url.lastIndexOf('/') + 1);
                yield new Db(
                        name,
                        url,
                        PostgresServer.USER,
                        PostgresServer.PASSWORD,
                        "dbi:Pg:dbname=" + database + ";host=127.0.0.1;port="
                                + PostgresServer.shared().port());
            }
            case "sqlite" -> {
                Path file = dir.resolve("theschwartz.db");
                yield new Db(name, "jdbc:sqlite:" + file, "", "", "dbi:SQLite:dbname=" + file);
            }
            case "mariadb" -> {
                MariaDbServer server = MariaDbServer.shared();
                String database = "ts_bench_latin1";
                try (Connection c = DriverManager.getConnection(server.url(""), MariaDbServer.USER, "");
                        Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + database);
                    s.execute("CREATE DATABASE " + database + " CHARACTER SET latin1");
                }
                yield new Db(
                        name,
                        server.url(database),
                        MariaDbServer.USER,
                        "",
                        "dbi:mysql:database=" + database + ";host=127.0.0.1;port=" + server.port());
            }
            default ->
                throw new IllegalArgumentException("unknown database '" + name + "'; known: postgres, sqlite, mariadb");
        };
    }

    private static Errand open(Db db) {
        Map<String, String> config = new HashMap<>();
        config.put("errand.backend", "theschwartz");
        config.put("errand.theschwartz.url", db.url());
        config.put("errand.theschwartz.username", db.user());
        config.put("errand.theschwartz.password", db.password());
        config.put("errand.theschwartz.createSchema", "true");
        config.put("errand.timing.enabled", "false");
        return Errand.builder().config(ErrandConfig.of(config, "bench")).build();
    }

    private static void fill(Errand errand, int n) {
        SchwartzNoopJobs jobs = new SchwartzNoopJobs(errand);
        for (int from = 0; from < n; from += FILL_BATCH) {
            List<JobCall<Void>> calls = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + FILL_BATCH); i++) {
                calls.add(jobs.noop(i));
            }
            errand.enqueueAll(calls);
        }
    }

    private static double javaDrain(Db db, int n, int workers, PrintStream progress) throws SQLException {
        try (Errand errand = open(db)) {
            fill(errand, n);
            progress.printf("[%s] Java: %d jobs in, %d threads start%n", db.name(), n, workers);
            try (Worker worker = errand.worker()
                    .register(new SchwartzNoop())
                    .threads(workers)
                    .start()) {
                return drainRate(db, n);
            }
        }
    }

    private static double perlDrain(Db db, int n, int workers, Path script, Path dir, PrintStream progress)
            throws Exception {
        try (Errand errand = open(db)) {
            fill(errand, n);
        }
        Path stop = dir.resolve("stop");
        Files.deleteIfExists(stop);
        progress.printf("[%s] Perl: %d jobs in, %d processes start%n", db.name(), n, workers);
        List<Process> perl = new ArrayList<>();
        try {
            for (int i = 0; i < workers; i++) {
                perl.add(new ProcessBuilder(
                                "perl", script.toString(), db.perlDsn(), db.user(), db.password(), stop.toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start());
            }
            for (Process p : perl) {
                String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                if (!"ready".equals(line)) {
                    throw new IllegalStateException("a Perl worker did not start (it said " + line
                            + "); is TheSchwartz with DBD::Pg, DBD::SQLite and DBD::mysql installed?");
                }
            }
            return drainRate(db, n);
        } finally {
            Files.writeString(stop, "");
            for (Process p : perl) {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** Jobs per second between 10 % and 90 % drained, by polling the job table's row count. */
    private static double drainRate(Db db, int n) throws SQLException {
        long at10 = 0;
        long at90 = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        // On SQLite the count waits for the workers' write locks (busy_timeout) rather than failing.
        try (Connection c = DriverManager.getConnection(
                        db.url().startsWith("jdbc:sqlite:") ? db.url() + "?busy_timeout=30000" : db.url(),
                        db.user(),
                        db.password());
                Statement s = c.createStatement()) {
            while (at90 == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the " + db.name() + " drain did not reach 90 % in 10 minutes");
                }
                LockSupport.parkNanos(POLL_NANOS);
                long left;
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM job")) {
                    rs.next();
                    left = rs.getLong(1);
                }
                long now = System.nanoTime();
                if (at10 == 0 && left <= n * 0.9) {
                    at10 = now;
                }
                if (left <= n * 0.1) {
                    at90 = now;
                }
            }
        } catch (SQLException e) {
            throw new SQLException("cannot count the " + db.name() + " job table: " + e.getMessage(), e);
        }
        return at90 == at10 ? Double.NaN : n * 0.8 / ((at90 - at10) / 1e9);
    }
}
