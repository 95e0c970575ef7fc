package dev.errand.backend.jdbc;

import dev.errand.backend.jdbc.dialect.Dialects;
import dev.errand.backend.jdbc.dialect.TableNames;
import dev.errand.config.RetentionKeys;
import dev.errand.config.Setting;
import dev.errand.config.SettingGroup;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The {@code errand.jdbc.*} settings, declared once; {@link JdbcSettings} reads them. */
public final class JdbcKeys extends SettingGroup {
    /**
     * The embedded H2 file database that survives restarts; {@code DB_CLOSE_ON_EXIT=FALSE} lets workers finish first,
     * and {@code WRITE_DELAY=0} writes each commit out before it returns: with H2's default (500 ms) a crash of the
     * process loses the jobs acknowledged in its last half second (measured: docs/guarantees.md). Any other H2 URL to a
     * file or a server gets {@code WRITE_DELAY=0} too unless it sets it ({@link H2Urls}).
     */
    static final String DEFAULT_URL = "jdbc:h2:file:./data/errand/errand;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";

    static final Setting<String> URL = Setting.string("errand.jdbc.url", DEFAULT_URL)
            .check(
                    url -> url.startsWith("jdbc:"),
                    "a JDBC URL starting with jdbc:, e.g. jdbc:postgresql://host:5432/db, "
                            + "jdbc:mariadb://host:3306/db or " + DEFAULT_URL)
            .doc("the JDBC URL. A password in it (`//user:password@host`, `password=`, or any parameter named like a "
                    + "secret, e.g. `sslpassword`) is taken out of the URL and given to the driver as a connection property, "
                    + "because drivers log their URL at debug levels; messages show the URL without it. An H2 URL to a file "
                    + "or a server (not `jdbc:h2:mem:`) that does not set `WRITE_DELAY` is opened with `;WRITE_DELAY=0`, so "
                    + "a commit is on file before the enqueue returns (H2's own 500 ms loses the jobs acknowledged in the last "
                    + "half second before a crash); one that sets another value is kept and warned about. H2 lets only admin "
                    + "users set `WRITE_DELAY`: for another user the backend connects without it and warns; have an admin "
                    + "run `SET WRITE_DELAY 0` once");
    static final Setting<String> USERNAME = Setting.string("errand.jdbc.username", null)
            .defaultText("`sa` for H2, else the driver's default")
            .doc("the database user");
    static final Setting<String> PASSWORD = Setting.string("errand.jdbc.password", null)
            .doc("the database password, best as `${env:NAME}` or `${file:PATH}`; never logged. Not together with a "
                    + "password in the URL");
    /** The HikariCP properties under it pass through ({@link #POOL}). */
    static final String POOL_PREFIX = "errand.jdbc.pool.";

    static final Setting<Map<String, String>> POOL = Setting.passThrough(POOL_PREFIX)
            .defaultText("HikariCP's, except `maximumPoolSize`: `errand.worker.threads` + 4, + 1 on PostgreSQL with "
                    + "`errand.jdbc.listen` (12 / 13 for 8 threads), and `minimumIdle`: 2 (connections open as they are "
                    + "needed)")
            .allowed("HikariCP property names; `dataSource.<name>` for driver properties")
            .doc("any HikariCP setting by its property name, e.g. `errand.jdbc.pool.maximumPoolSize=20`, "
                    + "`errand.jdbc.pool.connectionTimeout=5000`; `driverClassName` picks the driver class. An unknown name "
                    + "fails at start naming the key; `jdbcUrl`, `username`, `password`, `dataSourceClassName` and "
                    + "`dataSourceJNDI` are refused (the backend connects with `errand.jdbc.url`). "
                    + "`errand.jdbc.pool.dataSource.<name>` sets a JDBC driver connection property, e.g. "
                    + "`errand.jdbc.pool.dataSource.sslmode=verify-full`; values of secret-named properties are masked in "
                    + "every message");
    static final Setting<String> TABLE_PREFIX = Setting.string("errand.jdbc.tablePrefix", "errand_")
            .check(
                    prefix -> TableNames.PREFIX.matcher(prefix).matches(),
                    "lower-case letters, digits and underscores, " + "starting with a letter, at most 31 characters ("
                            + TableNames.PREFIX.pattern() + ")")
            .doc(
                    "prefix of every table, sequence, trigger and channel; two prefixes keep two independent queue systems "
                            + "in one schema");
    static final Setting<String> DIALECT = Setting.choice("errand.jdbc.dialect", "auto", Dialects.NAMES)
            .doc("`auto` picks the dialect from `DatabaseMetaData` (logged at INFO); `mysql` is MySQL and MariaDB");
    static final Setting<Boolean> CREATE_SCHEMA = Setting.bool("errand.jdbc.createSchema", true)
            .doc("create the tables on first use; `false`: only check they exist");
    static final RetentionKeys RETENTION = RetentionKeys.declare(
            "errand.jdbc.retention",
            Duration.ofDays(1),
            Duration.ofDays(7),
            "succeeded jobs are deleted this long after they finished, with their results",
            "dead and cancelled jobs are deleted this long after they finished, with their error history");
    static final Setting<Duration> POLL_INTERVAL = Setting.duration("errand.jdbc.pollInterval", Duration.ofSeconds(1))
            .doc("where there is no LISTEN/NOTIFY, or while the driver holds it back: the longest pause between polls"
                    + " of idle workers and of `submit()`/`call()` waiters; with LISTEN, how often a `submit()`/`call()`"
                    + " waiter looks anyway");
    static final Setting<Boolean> LISTEN = Setting.bool("errand.jdbc.listen", true)
            .doc("PostgreSQL: wake idle workers and result waiters with `LISTEN/NOTIFY` (a process listens from its "
                    + "first wait for work or an outcome; one that only enqueues never does); set `false` behind a "
                    + "transaction-mode pooler");
    /**
     * Far above any statement of the backend (short index operations), and finite: without it the
     * drivers wait forever for an answer that a lost connection (network partition, a firewall
     * that forgot the connection) will never bring, and the thread waiting is a worker's.
     */
    static final Setting<Duration> SOCKET_TIMEOUT = Setting.duration(
                    "errand.jdbc.socketTimeout", Duration.ofSeconds(30))
            .doc("PostgreSQL, MySQL, MariaDB: the longest wait for the database's answer on a connection, given to the "
                    + "driver as its `socketTimeout` (pgJDBC in whole seconds, rounded up; Connector/J in milliseconds). The "
                    + "drivers' own default is to wait forever, which a connection lost without a reset (a network partition, "
                    + "a firewall that forgot the connection) turns into a thread blocked for good. A statement without an "
                    + "answer in time fails with SQLState `08006` and its connection is dropped; keep it well above your "
                    + "slowest statement. To set the driver property yourself (in its unit, `0` for no limit), use "
                    + "`errand.jdbc.pool.dataSource.socketTimeout` or the URL instead; not together with this key. H2 has no "
                    + "such setting");

    public JdbcKeys() {
        super(
                "errand-backend-jdbc",
                "The JDBC backend",
                List.of(
                        URL,
                        USERNAME,
                        PASSWORD,
                        POOL,
                        TABLE_PREFIX,
                        DIALECT,
                        CREATE_SCHEMA,
                        RETENTION.succeeded(),
                        RETENTION.failed(),
                        RETENTION.both(),
                        POLL_INTERVAL,
                        LISTEN,
                        SOCKET_TIMEOUT));
    }
}
