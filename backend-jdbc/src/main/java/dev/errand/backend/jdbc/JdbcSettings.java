package dev.errand.backend.jdbc;

import dev.errand.backend.jdbc.dialect.TableNames;
import dev.errand.config.CoreKeys;
import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import dev.errand.config.RetentionConfig;
import dev.errand.config.Secrets;
import dev.errand.jdbc.UrlSecrets;
import dev.errand.spi.ConnectionPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code errand.jdbc.*} settings, as {@link JdbcKeys} declares them.
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
record JdbcSettings(
        String url,
        String username,
        String password,
        TableNames tables,
        String dialect,
        boolean createSchema,
        RetentionConfig retention,
        Duration pollInterval,
        boolean listen,
        Duration socketTimeout,
        Map<String, String> pool,
        Map<String, String> poolShown,
        int workerThreads,
        String source) {

    /** The keys' names, for messages; {@link JdbcKeys} declares them. */
    static final String URL = JdbcKeys.URL.key();

    static final String USERNAME = JdbcKeys.USERNAME.key();
    static final String PASSWORD = JdbcKeys.PASSWORD.key();
    static final String TABLE_PREFIX = JdbcKeys.TABLE_PREFIX.key();
    static final String DIALECT = JdbcKeys.DIALECT.key();
    static final String CREATE_SCHEMA = JdbcKeys.CREATE_SCHEMA.key();
    /** Shorthand for both retentions; {@code .succeeded} and {@code .failed} set one each ({@link RetentionConfig}). */
    static final String RETENTION = JdbcKeys.RETENTION.both().key();

    static final String POLL_INTERVAL = JdbcKeys.POLL_INTERVAL.key();
    static final String LISTEN = JdbcKeys.LISTEN.key();
    static final String SOCKET_TIMEOUT = JdbcKeys.SOCKET_TIMEOUT.key();
    static final String POOL_PREFIX = JdbcKeys.POOL_PREFIX;
    /** The HikariCP property that sizes the pool, under {@link #POOL_PREFIX}. */
    static final String MAXIMUM_POOL_SIZE = "maximumPoolSize";

    static final String DEFAULT_URL = JdbcKeys.DEFAULT_URL;
    static final Duration DEFAULT_SOCKET_TIMEOUT = JdbcKeys.SOCKET_TIMEOUT.defaultValue();
    /** The driver property that {@link #SOCKET_TIMEOUT} sets, as {@code errand.jdbc.pool.*} names it. */
    static final String DRIVER_SOCKET_TIMEOUT = "dataSource.socketTimeout";

    static JdbcSettings from(ErrandConfig config) {
        TableNames tables = TableNames.withPrefix(JdbcKeys.TABLE_PREFIX.get(config));
        String written = JdbcKeys.URL.get(config);
        // Secrets in the URL go to the driver as properties: drivers and pools log their URL.
        UrlSecrets split = UrlSecrets.split(written);
        String url = H2Urls.durable(split.url());
        String password = JdbcKeys.PASSWORD.get(config);
        if (split.password() != null) {
            if (password != null) {
                throw new ErrandConfigException(URL + " (from " + config.source() + ") holds a password and " + PASSWORD
                        + " is set too; keep it in " + PASSWORD + " only (with ${env:NAME} or ${file:PATH})");
            }
            password = split.password();
        }
        String username = JdbcKeys.USERNAME.get(config);
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
        Map<String, String> pool = new TreeMap<>(JdbcKeys.POOL.get(config));
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
        Duration socketTimeout = JdbcKeys.SOCKET_TIMEOUT.get(config);
        if (pool.containsKey(DRIVER_SOCKET_TIMEOUT)
                || url.toLowerCase(java.util.Locale.ROOT).contains("sockettimeout=")) {
            if (JdbcKeys.SOCKET_TIMEOUT.isSet(config)) {
                throw new ErrandConfigException(SOCKET_TIMEOUT + " and the driver's socketTimeout (" + POOL_PREFIX
                        + DRIVER_SOCKET_TIMEOUT + " or in " + URL + ", from " + config.source()
                        + ") are both set; keep "
                        + "one (" + SOCKET_TIMEOUT + " takes a duration such as 30s for any driver)");
            }
            socketTimeout = null; // the driver's own property, in the driver's unit, wins
        }
        return new JdbcSettings(
                url,
                username,
                password,
                tables,
                JdbcKeys.DIALECT.get(config),
                JdbcKeys.CREATE_SCHEMA.get(config),
                JdbcKeys.RETENTION.read(config),
                JdbcKeys.POLL_INTERVAL.get(config),
                JdbcKeys.LISTEN.get(config),
                socketTimeout,
                Map.copyOf(pool),
                Map.copyOf(shown),
                CoreKeys.WORKER_THREADS.get(config),
                config.source());
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
        return "JdbcSettings[url=" + safeUrl() + ", username=" + username + ", password="
                + (password == null ? "none" : "****") + ", tablePrefix=" + tables.prefix() + ", dialect=" + dialect
                + "]";
    }
}
