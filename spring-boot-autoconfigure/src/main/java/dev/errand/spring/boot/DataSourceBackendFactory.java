package dev.errand.spring.boot;

import dev.errand.backend.jdbc.JdbcBackend;
import dev.errand.config.CoreKeys;
import dev.errand.config.ErrandConfig;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code errand.backend=jdbc} and no {@code errand.jdbc.url}: the JDBC backend on the application's
 * {@code DataSource}, joining Spring transactions ({@link SpringTransactions}). Errand's tables are created in that
 * database unless {@code errand.jdbc.createSchema=false}.
 */
final class DataSourceBackendFactory implements ErrandBackendFactory {
    static final String URL_KEY = "errand.jdbc.url";
    private static final Logger log = LoggerFactory.getLogger(DataSourceBackendFactory.class);

    private final DataSource dataSource;

    DataSourceBackendFactory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Backend create(ErrandConfig config) {
        if (!"jdbc".equals(CoreKeys.BACKEND.get(config)) || config.get(URL_KEY).isPresent()) {
            return null;
        }
        SpringTransactions transactions = new SpringTransactions(dataSource);
        JdbcBackend backend =
                JdbcBackend.onDataSource(new BackendContext(config, Clock.systemUTC()), dataSource, transactions);
        transactions.wakeAfterCommit(backend);
        log.info(
                "Errand uses the application's DataSource ({} database); an enqueue inside a Spring transaction "
                        + "commits or rolls back with it",
                backend.dialectName());
        warnIfPoolTooSmall(config, backend.dialectName());
        return backend;
    }

    /**
     * A worker of n threads needs n + 4 connections (n + 5 with PostgreSQL's LISTEN) besides the application's own;
     * Errand checks its own pool at worker start, but this pool is the application's, so a too-small one is only
     * reported. Only HikariCP (Spring Boot's default) tells its size.
     */
    private void warnIfPoolTooSmall(ErrandConfig config, String dialect) {
        if (!SpringKeys.WORKER_ENABLED.get(config)) {
            return;
        }
        try {
            if (!dataSource.isWrapperFor(com.zaxxer.hikari.HikariDataSource.class)) {
                return;
            }
            int size =
                    dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class).getMaximumPoolSize();
            int threads = CoreKeys.WORKER_THREADS.get(config);
            int needed = threads + 4 + ("postgresql".equals(dialect) ? 1 : 0);
            if (size < needed) {
                log.warn(
                        "the application's connection pool has {} connections (spring.datasource.hikari."
                                + "maximum-pool-size) but an Errand worker of {} threads ({}) needs {} besides the "
                                + "application's own; raise the pool or lower the threads, or jobs and requests will wait for "
                                + "connections",
                        size,
                        threads,
                        CoreKeys.WORKER_THREADS,
                        needed);
            }
        } catch (java.sql.SQLException | LinkageError e) {
            log.debug("cannot tell the size of the application's connection pool", e);
        }
    }
}
