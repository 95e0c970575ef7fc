package dev.errand.backend.jdbc;

import dev.errand.config.ErrandConfigException;
import dev.errand.backend.jdbc.dialect.Dialects;
import dev.errand.backend.jdbc.dialect.TableNames;
import dev.errand.config.CoreKeys;
import dev.errand.config.ErrandConfig;
import dev.errand.config.RetentionConfig;
import dev.errand.config.Secrets;
import dev.errand.spi.ConnectionPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code errand.jdbc.*} settings.
 *
 * @param url           JDBC URL; default an embedded H2 file database under {@code ./data/errand}; an H2 URL to a file
 *                      or a server carries {@code WRITE_DELAY=0} unless it set {@code WRITE_DELAY} itself
 * @param username      database user, or null for the driver's default
 * @param password      database password, or null; never logged
 * @param tables        table names from {@code errand.jdbc.tablePrefix}
 * @param dialect       {@code auto} or a dialect name
 * @param createSchema  create the tables on first use
 * @param retention     how long succeeded jobs, and dead or cancelled ones, are kept after they finished
 * @param pollInterval  the longest pause between polls where there is no LISTEN/NOTIFY
 * @param listen        use PostgreSQL LISTEN/NOTIFY (off behind a transaction-mode pooler)
 * @param socketTimeout the longest wait for the database's answer on a connection (PostgreSQL, MySQL and
 *                      MariaDB drivers), or null when the driver's own {@code socketTimeout} is set (in the URL
 *                      or as {@code errand.jdbc.pool.dataSource.socketTimeout})
 * @param pool          {@code errand.jdbc.pool.*} with the prefix removed, for HikariCP; plus, as
 *                      {@code dataSource.<name>}, the secret parameters taken out of the URL
 * @param poolShown     the same keys with their values as they may be printed
 * @param workerThreads {@code errand.worker.threads}, which the pool is sized for when its size is not set
 * @param source        where the configuration came from, for messages
 */
record JdbcSettings(String url, String username, String password, TableNames tables, String dialect,
        boolean createSchema, RetentionConfig retention, Duration pollInterval, boolean listen, Duration socketTimeout,
        Map<String, String> pool,
        Map<String, String> poolShown, int workerThreads, String source) {

    static final String URL = "errand.jdbc.url";
    static final String USERNAME = "errand.jdbc.username";
    static final String PASSWORD = "errand.jdbc.password";
    static final String TABLE_PREFIX = "errand.jdbc.tablePrefix";
    static final String DIALECT = "errand.jdbc.dialect";
    static final String CREATE_SCHEMA = "errand.jdbc.createSchema";
    /** Shorthand for both retentions; {@code .succeeded} and {@code .failed} set one each ({@link RetentionConfig}). */
    static final String RETENTION = "errand.jdbc.retention";
    static final String POLL_INTERVAL = "errand.jdbc.pollInterval";
    static final String LISTEN = "errand.jdbc.listen";
    static final String SOCKET_TIMEOUT = "errand.jdbc.socketTimeout";
    static final String POOL_PREFIX = "errand.jdbc.pool.";
    /** The HikariCP property that sizes the pool, under {@link #POOL_PREFIX}. */
    static final String MAXIMUM_POOL_SIZE = "maximumPoolSize";
    static final Set<String> KEYS = Set.of(URL, USERNAME, PASSWORD, TABLE_PREFIX, DIALECT, CREATE_SCHEMA, RETENTION,
            RetentionConfig.succeededKey(RETENTION), RetentionConfig.failedKey(RETENTION), POLL_INTERVAL, LISTEN,
            SOCKET_TIMEOUT, POOL_PREFIX + "*");

    /**
     * The embedded H2 file database that survives restarts; {@code DB_CLOSE_ON_EXIT=FALSE} lets workers finish first,
     * and {@code WRITE_DELAY=0} writes each commit out before it returns: with H2's default (500 ms) a crash of the
     * process loses the jobs acknowledged in its last half second (measured: docs/guarantees.md). Any other H2 URL to a
     * file or a server gets {@code WRITE_DELAY=0} too unless it sets it ({@link H2Urls}).
     */
    static final String DEFAULT_URL = "jdbc:h2:file:./data/errand/errand;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    static final String DEFAULT_PREFIX = "errand_";
    /** Succeeded jobs: a day, for {@code find} and results (River keeps completed jobs 24 h). */
    static final Duration DEFAULT_RETENTION_SUCCEEDED = Duration.ofDays(1);
    /** Dead and cancelled jobs, with their error history: a week to look into them. */
    static final Duration DEFAULT_RETENTION_FAILED = Duration.ofDays(7);
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    /**
     * Far above any statement of the backend (short index operations), and finite: without it the
     * drivers wait forever for an answer that a lost connection (network partition, a firewall
     * that forgot the connection) will never bring, and the thread waiting is a worker's.
     */
    static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(30);
    /** The driver property that {@link #SOCKET_TIMEOUT} sets, as {@code errand.jdbc.pool.*} names it. */
    static final String DRIVER_SOCKET_TIMEOUT = "dataSource.socketTimeout";

    static JdbcSettings from(ErrandConfig config) {
        String prefix = config.string(TABLE_PREFIX, DEFAULT_PREFIX);
        TableNames tables;
        try {
            tables = TableNames.withPrefix(prefix);
        } catch (IllegalArgumentException e) {
            throw config.invalid(TABLE_PREFIX, prefix, "lower-case letters, digits and underscores, starting with a "
                    + "letter, at most 31 characters (" + TableNames.PREFIX.pattern() + ")");
        }
        String written = config.string(URL, DEFAULT_URL);
        if (!written.startsWith("jdbc:")) {
            throw config.invalid(URL, Secrets.redactUrl(written), "a JDBC URL starting with jdbc:, e.g. "
                    + "jdbc:postgresql://host:5432/db, jdbc:mariadb://host:3306/db or " + DEFAULT_URL);
        }
        // Secrets in the URL go to the driver as properties: drivers and pools log their URL.
        UrlSecrets split = UrlSecrets.split(written);
        String url = H2Urls.durable(split.url());
        String password = config.get(PASSWORD).orElse(null);
        if (split.password() != null) {
            if (password != null) {
                throw new ErrandConfigException(URL + " (from " + config.source() + ") holds a password and " + PASSWORD
                        + " is set too; keep it in " + PASSWORD + " only (with ${env:NAME} or ${file:PATH})");
            }
            password = split.password();
        }
        String username = config.get(USERNAME).orElse(null);
        if (split.user() != null) {
            if (username != null && !username.equals(split.user())) {
                throw new ErrandConfigException(URL + " (from " + config.source() + ") names user '" + split.user()
                        + "' and " + USERNAME + " names '" + username + "'; keep one");
            }
            username = split.user();
        }
        if (username == null && url.startsWith("jdbc:h2:")) {
            username = "sa";
        }
        Map<String, String> pool = new TreeMap<>(config.withPrefix(POOL_PREFIX));
        Map<String, String> shown = new TreeMap<>();
        pool.keySet().forEach(k -> shown.put(k, config.printable(POOL_PREFIX + k)));
        split.properties().forEach((name, value) -> {
            String key = "dataSource." + name;
            if (pool.containsKey(key)) {
                throw new ErrandConfigException(URL + " (from " + config.source() + ") holds " + name + " and "
                        + POOL_PREFIX + key + " is set too; keep one");
            }
            pool.put(key, value);
            shown.put(key, "****");
        });
        Duration socketTimeout = config.duration(SOCKET_TIMEOUT, DEFAULT_SOCKET_TIMEOUT);
        if (pool.containsKey(DRIVER_SOCKET_TIMEOUT) || url.toLowerCase(java.util.Locale.ROOT).contains("sockettimeout=")) {
            if (config.get(SOCKET_TIMEOUT).isPresent()) {
                throw new ErrandConfigException(SOCKET_TIMEOUT + " and the driver's socketTimeout (" + POOL_PREFIX
                        + DRIVER_SOCKET_TIMEOUT + " or in " + URL + ", from " + config.source() + ") are both set; keep "
                        + "one (" + SOCKET_TIMEOUT + " takes a duration such as 30s for any driver)");
            }
            socketTimeout = null; // the driver's own property, in the driver's unit, wins
        }
        return new JdbcSettings(url, username, password, tables,
                config.choice(DIALECT, "auto", Dialects.NAMES), config.bool(CREATE_SCHEMA, true),
                RetentionConfig.from(config, RETENTION, DEFAULT_RETENTION_SUCCEEDED, DEFAULT_RETENTION_FAILED),
                config.duration(POLL_INTERVAL, DEFAULT_POLL_INTERVAL),
                config.bool(LISTEN, true), socketTimeout, Map.copyOf(pool), Map.copyOf(shown),
                CoreKeys.workerThreads(config), config.source());
    }

    /**
     * The connections the backend's own threads may hold: the outcome poller's, and on PostgreSQL
     * with {@link #LISTEN} on the {@code LISTEN} session's, which stays checked out.
     */
    int reservedConnections() {
        return 1 + (listen && url.startsWith("jdbc:postgresql:") ? 1 : 0);
    }

    /** True when {@code errand.jdbc.pool.maximumPoolSize} is set. */
    boolean poolSizeSet() {
        return pool.keySet().stream().anyMatch(MAXIMUM_POOL_SIZE::equalsIgnoreCase);
    }

    /** The pool size when it is not set: enough for a worker of {@link #workerThreads} threads. */
    int defaultPoolSize() {
        return ConnectionPool.needed(workerThreads, reservedConnections());
    }

    /** The URL with any password in it masked, for messages and logs. */
    String safeUrl() {
        return Secrets.redactUrl(url);
    }

    /**
     * The secret values these settings hold: the password and every secret driver or pool property
     * ({@code errand.jdbc.pool.dataSource.sslpassword}, ...), to be {@linkplain Secrets#scrub scrubbed}
     * from any text that came from the driver before it goes into a message.
     */
    String[] secrets() {
        List<String> secrets = new ArrayList<>();
        secrets.add(password);
        pool.forEach((key, value) -> {
            if (Secrets.isSecretKey(key)) {
                secrets.add(value);
            }
        });
        return secrets.toArray(new String[0]);
    }

    /** Text from the driver (an error message) as it may be printed: no secret value, no password in a URL. */
    String printable(String text) {
        return Secrets.redactUrl(Secrets.scrub(text, secrets()));
    }

    @Override
    public String toString() {
        return "JdbcSettings[url=" + safeUrl() + ", username=" + username + ", password=" + (password == null ? "none" : "****")
                + ", tablePrefix=" + tables.prefix() + ", dialect=" + dialect + "]";
    }
}
