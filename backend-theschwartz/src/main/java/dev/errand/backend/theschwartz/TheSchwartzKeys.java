package dev.errand.backend.theschwartz;

import dev.errand.config.Durations;
import dev.errand.config.Setting;
import dev.errand.config.SettingGroup;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The {@code errand.theschwartz.*} settings, declared once; {@link TheSchwartzSettings} reads them. */
public final class TheSchwartzKeys extends SettingGroup {
    static final String PREFIX = "errand.theschwartz";

    static final Setting<String> URL = Setting.string(PREFIX + ".url", null)
            .check(
                    url -> url.startsWith("jdbc:sqlite:")
                            || url.startsWith("jdbc:postgresql:")
                            || url.startsWith("jdbc:mariadb:")
                            || url.startsWith("jdbc:mysql:"),
                    "a JDBC URL of the TheSchwartz database: jdbc:sqlite:/path/ts.db, jdbc:postgresql://host/db, "
                            + "jdbc:mariadb://host/db or jdbc:mysql://host/db")
            .defaultText("none: required")
            .doc(
                    "the JDBC URL of the database that holds TheSchwartz's tables (`job`, `funcmap`, `error`, `exitstatus`). "
                            + "Secrets in it are taken out and given to the driver as properties, as for `errand.jdbc.url`. The "
                            + "driver is yours to add: `org.xerial:sqlite-jdbc`, `org.postgresql:postgresql`, "
                            + "`org.mariadb.jdbc:mariadb-java-client`");
    static final Setting<String> USERNAME =
            Setting.string(PREFIX + ".username", null).doc("the database user");
    static final Setting<String> PASSWORD = Setting.string(PREFIX + ".password", null)
            .doc("the database password, best as `${env:NAME}` or `${file:PATH}`; never logged");
    static final String POOL_PREFIX = PREFIX + ".pool.";
    static final Setting<Map<String, String>> POOL = Setting.passThrough(POOL_PREFIX)
            .defaultText("HikariCP's, except `maximumPoolSize`: `errand.worker.threads` + 4, and `minimumIdle`: 2")
            .allowed("HikariCP property names; `dataSource.<name>` for driver properties")
            .doc("any HikariCP setting by its property name, as `errand.jdbc.pool.*`");
    static final Setting<String> PERL_DSN = Setting.string(PREFIX + ".perlDsn", null)
            .doc("the DBI DSN exactly as the Perl side's `TheSchwartz->new(databases => [...])` spells it, e.g. "
                    + "`dbi:Pg:dbname=ts;host=db`. Then job ids are Perl's handle strings, `md5_hex(\"<dsn>|<username>\")-"
                    + "<jobid>` with `errand.theschwartz.username`, which Perl's `handle_from_string` reads; unset, they "
                    + "are the `jobid`. Either form is accepted wherever Errand takes a job id");
    static final Setting<String> DIALECT = Setting.choice(PREFIX + ".dialect", "auto", Dialect.NAMES)
            .doc("`auto` picks the SQL from the URL; `mysql` is MySQL and MariaDB");
    static final Setting<Boolean> CREATE_SCHEMA = Setting.bool(PREFIX + ".createSchema", false)
            .doc("`true` creates the tables from TheSchwartz 1.12's own schema file for the database when `job` is "
                    + "missing. Off by default: the tables usually belong to the Perl deployment");
    static final Setting<String> KEEP_EXIT_STATUS_FOR = Setting.string(PREFIX + ".keepExitStatusFor", "7d")
            .check(TheSchwartzKeys::isKeep, "0 (none), or a duration such as 7d")
            .doc("how long an `exitstatus` row is kept after a Java worker finishes a job (Perl's "
                    + "`keep_exit_status_for`); `awaitFinished`, `submit()` and `call()` read outcomes from it. "
                    + "`0` writes none, as Perl workers do by default: `awaitFinished` is then refused, and the "
                    + "future of a `submit()`ted job that ends without an exit status fails, its outcome unknown");

    /** {@link #KEEP_EXIT_STATUS_FOR} as a duration: zero for {@code 0}. */
    static Duration keep(String value) {
        return value.strip().equals("0") ? Duration.ZERO : Durations.parse(value);
    }

    private static boolean isKeep(String value) {
        try {
            return !keep(value).isNegative();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static final Setting<Integer> BATCH_SIZE = Setting.integer(PREFIX + ".batchSize", 50, 1, 1000)
            .doc("candidate jobs read per grab (Perl's `batch_size`)");
    static final Setting<Duration> POLL_INTERVAL = Setting.duration(PREFIX + ".pollInterval", Duration.ofSeconds(1))
            .doc("the longest pause between polls of idle workers and of `submit()`/`call()` waiters (TheSchwartz "
                    + "tables have no triggers to wake them)");
    static final Setting<Duration> SOCKET_TIMEOUT = Setting.duration(PREFIX + ".socketTimeout", Duration.ofSeconds(30))
            .doc(
                    "PostgreSQL, MySQL, MariaDB: the longest wait for the database's answer, as `errand.jdbc.socketTimeout`");
    static final Setting<Duration> SQLITE_BUSY_TIMEOUT = Setting.duration(
                    PREFIX + ".sqlite.busyTimeout", Duration.ofSeconds(30))
            .doc("SQLite: how long a statement waits for a lock that a Perl or Java process holds (`busy_timeout`). "
                    + "The journal mode is not changed: the file is the Perl side's too");
    static final Setting<String> STRING_DECODING = Setting.choice(
                    PREFIX + ".stringDecoding", "utf8-or-latin1", List.of("utf8-or-latin1", "latin1", "utf8"))
            .doc(
                    "how a Perl byte string in a job's `arg` becomes a Java `String`: `utf8-or-latin1` decodes valid UTF-8 "
                            + "and reads anything else as latin1 (not round-trip exact); `latin1` is Perl's own semantics (one "
                            + "byte, one character); `utf8` is strict (invalid bytes make the job dead)");
    static final Setting<String> BLESSED = Setting.choice(PREFIX + ".blessed", "refuse", List.of("refuse", "unwrap"))
            .doc("a blessed object in `arg`: `refuse` makes the job dead naming the class; `unwrap` binds its "
                    + "underlying hash or array as data");

    public TheSchwartzKeys() {
        super(
                "errand-backend-theschwartz",
                "The TheSchwartz backend",
                List.of(
                        URL,
                        USERNAME,
                        PASSWORD,
                        POOL,
                        PERL_DSN,
                        DIALECT,
                        CREATE_SCHEMA,
                        KEEP_EXIT_STATUS_FOR,
                        BATCH_SIZE,
                        POLL_INTERVAL,
                        SOCKET_TIMEOUT,
                        SQLITE_BUSY_TIMEOUT,
                        STRING_DECODING,
                        BLESSED));
    }
}
