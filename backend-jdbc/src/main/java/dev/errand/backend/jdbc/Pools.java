package dev.errand.backend.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import com.zaxxer.hikari.pool.HikariPool;
import com.zaxxer.hikari.util.DriverDataSource;
import dev.errand.config.ErrandConfigException;
import dev.errand.config.Secrets;
import dev.errand.jdbc.PoolProperties;
import java.sql.SQLException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the HikariCP pool from {@code errand.jdbc.*}: {@code url}, {@code username} and
 * {@code password}, then every {@code errand.jdbc.pool.<property>} applied to
 * {@link HikariConfig} through its setter ({@code errand.jdbc.pool.maximumPoolSize=20}; without it
 * the pool is sized for {@code errand.worker.threads}, see {@link JdbcSettings#defaultPoolSize()}), and
 * {@code errand.jdbc.pool.dataSource.<name>} passed to the JDBC driver as a connection property
 * ({@code driverClassName} picks the driver class). The pool connects through a
 * {@link DriverDataSource} made here, so neither the credentials nor the driver properties are
 * in the pool's configuration, which HikariCP prints at DEBUG.
 */
final class Pools {
    private static final Logger log = LoggerFactory.getLogger(Pools.class);

    private Pools() {}

    /** H2 refused to run the URL's {@code WRITE_DELAY=0} for a user without admin rights. */
    private static final class AdminRightsRequired extends RuntimeException {
        AdminRightsRequired() {
            super(null, null, false, false);
        }
    }

    static HikariDataSource open(JdbcSettings settings) {
        try {
            return open(settings, settings.url());
        } catch (AdminRightsRequired e) {
            // H2 runs the URL's settings as SET commands, and SET WRITE_DELAY needs admin rights.
            String url = H2Urls.withoutWriteDelay(settings.url());
            log.warn(H2Urls.adminRightsWarning(settings.url(), settings.username(), settings.source()));
            return open(settings, url);
        }
    }

    private static HikariDataSource open(JdbcSettings settings, String url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("errand-jdbc");
        // Every operation is an explicit transaction; READ COMMITTED sees other workers' commits
        // (unique-key holders) and avoids MySQL's gap locks.
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // A connection whose session is gone leaves the pool at its first failure. HikariCP knows
        // the SQLStates PostgreSQL and MariaDB use for that (08xxx, 57P01), not H2's (90067, 90121):
        // without this a busy pool hands dead H2 connections out again and again, as it checks a
        // connection only after 500 ms idle, and nothing works after the H2 server restarted.
        config.setExceptionOverride(new SQLExceptionOverride() {
            @java.lang.Override
            public SQLExceptionOverride.Override adjudicate(SQLException e) {
                return Database.isConnectionLost(e)
                        ? SQLExceptionOverride.Override.MUST_EVICT
                        : SQLExceptionOverride.Override.CONTINUE_EVICT;
            }
        });
        Properties driverProperties = new Properties();
        if (url.startsWith("jdbc:postgresql:")) {
            // One multi-row INSERT per batch instead of one INSERT per job.
            driverProperties.setProperty("reWriteBatchedInserts", "true");
        }
        String socketTimeout = socketTimeout(settings);
        if (socketTimeout != null) {
            // The drivers' default is to wait forever for an answer; on a connection lost without a
            // reset (partition, firewall) that blocks a worker's thread and holds a pool connection for good.
            driverProperties.setProperty("socketTimeout", socketTimeout);
        }
        // Sized for a worker of errand.worker.threads unless errand.jdbc.pool.maximumPoolSize says otherwise (below).
        config.setMaximumPoolSize(settings.defaultPoolSize());
        String driverClassName = PoolProperties.apply(
                config, driverProperties, settings.pool(), settings.poolShown(), "errand.jdbc", settings.source());
        // The pool gets a data source, not the URL and the driver properties: HikariCP's DEBUG dump of
        // its configuration would print secret driver properties such as sslpassword.
        try {
            config.setDataSource(new DriverDataSource(
                    url, driverClassName, driverProperties, settings.username(), settings.password()));
        } catch (RuntimeException e) {
            throw new ErrandConfigException("no JDBC driver on the class path accepts " + JdbcSettings.URL + "="
                    + settings.safeUrl()
                    + (driverClassName == null
                            ? ""
                            : " (" + JdbcSettings.POOL_PREFIX + PoolProperties.DRIVER_CLASS_NAME + "=" + driverClassName
                                    + ")")
                    + " (from " + settings.source() + "); add the "
                    + "driver (org.postgresql:postgresql, org.mariadb.jdbc:mariadb-java-client, com.mysql:mysql-connector-j "
                    + "or com.h2database:h2) or fix the URL");
        }
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable root = e.getCause() != null ? e.getCause() : e;
            if (H2Urls.refusedForAdminRights(root) && H2Urls.withoutWriteDelay(url) != null) {
                throw new AdminRightsRequired();
            }
            throw new JdbcBackendException(
                    "cannot connect to the database at " + JdbcSettings.URL + "="
                            + settings.safeUrl() + " (from " + settings.source() + ")"
                            + (settings.username() == null ? "" : " as user '" + settings.username() + "'") + ": "
                            + settings.printable(root.getMessage())
                            + ". Check that the server is running and reachable, and that "
                            + JdbcSettings.URL + ", " + JdbcSettings.USERNAME + " and " + JdbcSettings.PASSWORD
                            + " are right",
                    Secrets.scrub(root, settings.secrets()));
        }
    }

    /**
     * {@code errand.jdbc.socketTimeout} as the driver's {@code socketTimeout} property: seconds
     * (rounded up) for pgJDBC, milliseconds for MariaDB and MySQL Connector/J; null for other
     * drivers (H2) and when the driver property is set directly.
     */
    static String socketTimeout(JdbcSettings settings) {
        return PoolProperties.socketTimeout(settings.url(), settings.socketTimeout());
    }
}
