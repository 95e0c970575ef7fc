package dev.errand.backend.jdbc;

import dev.errand.backend.jdbc.dialect.Dialects;
import dev.errand.backend.jdbc.dialect.TableNames;
import dev.errand.config.ErrandConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The {@code errand.jdbc.*} settings.
 *
 * @param url           JDBC URL; default an embedded H2 file database under {@code ./data/errand}
 * @param username      database user, or null for the driver's default
 * @param password      database password, or null; never logged
 * @param tables        table names from {@code errand.jdbc.tablePrefix}
 * @param dialect       {@code auto} or a dialect name
 * @param createSchema  create the tables on first use
 * @param retention     how long finished jobs are kept
 * @param pollInterval  the longest pause between polls where there is no LISTEN/NOTIFY
 * @param listen        use PostgreSQL LISTEN/NOTIFY (off behind a transaction-mode pooler)
 * @param pool          {@code errand.jdbc.pool.*} with the prefix removed, for HikariCP
 * @param source        where the configuration came from, for messages
 */
record JdbcSettings(String url, String username, String password, TableNames tables, String dialect,
        boolean createSchema, Duration retention, Duration pollInterval, boolean listen, Map<String, String> pool,
        String source) {

    static final String URL = "errand.jdbc.url";
    static final String USERNAME = "errand.jdbc.username";
    static final String PASSWORD = "errand.jdbc.password";
    static final String TABLE_PREFIX = "errand.jdbc.tablePrefix";
    static final String DIALECT = "errand.jdbc.dialect";
    static final String CREATE_SCHEMA = "errand.jdbc.createSchema";
    static final String RETENTION = "errand.jdbc.retention";
    static final String POLL_INTERVAL = "errand.jdbc.pollInterval";
    static final String LISTEN = "errand.jdbc.listen";
    static final String POOL_PREFIX = "errand.jdbc.pool.";
    static final Set<String> KEYS = Set.of(URL, USERNAME, PASSWORD, TABLE_PREFIX, DIALECT, CREATE_SCHEMA, RETENTION,
            POLL_INTERVAL, LISTEN, POOL_PREFIX + "*");

    /** The embedded H2 file database that survives restarts; {@code DB_CLOSE_ON_EXIT=FALSE} lets workers finish first. */
    static final String DEFAULT_URL = "jdbc:h2:file:./data/errand/errand;DB_CLOSE_ON_EXIT=FALSE";
    static final String DEFAULT_PREFIX = "errand_";
    static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    static JdbcSettings from(ErrandConfig config) {
        String prefix = config.string(TABLE_PREFIX, DEFAULT_PREFIX);
        TableNames tables;
        try {
            tables = TableNames.withPrefix(prefix);
        } catch (IllegalArgumentException e) {
            throw config.invalid(TABLE_PREFIX, prefix, "lower-case letters, digits and underscores, starting with a "
                    + "letter, at most 31 characters (" + TableNames.PREFIX.pattern() + ")");
        }
        String url = config.string(URL, DEFAULT_URL);
        if (!url.startsWith("jdbc:")) {
            throw config.invalid(URL, Redaction.url(url), "a JDBC URL starting with jdbc:, e.g. "
                    + "jdbc:postgresql://host:5432/db, jdbc:mariadb://host:3306/db or " + DEFAULT_URL);
        }
        String username = config.get(USERNAME).orElse(url.startsWith("jdbc:h2:") ? "sa" : null);
        return new JdbcSettings(url, username, config.get(PASSWORD).orElse(null), tables,
                config.choice(DIALECT, "auto", Dialects.NAMES), config.bool(CREATE_SCHEMA, true),
                config.duration(RETENTION, DEFAULT_RETENTION), config.duration(POLL_INTERVAL, DEFAULT_POLL_INTERVAL),
                config.bool(LISTEN, true), config.withPrefix(POOL_PREFIX), config.source());
    }

    /** The URL with any password in it masked, for messages and logs. */
    String safeUrl() {
        return Redaction.url(url);
    }

    @Override
    public String toString() {
        return "JdbcSettings[url=" + safeUrl() + ", username=" + username + ", password=" + (password == null ? "none" : "***")
                + ", tablePrefix=" + tables.prefix() + ", dialect=" + dialect + "]";
    }
}
