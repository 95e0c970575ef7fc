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
        JdbcBackend backend = JdbcBackend.onDataSource(new BackendContext(config, Clock.systemUTC()), dataSource,
                transactions);
        transactions.wakeAfterCommit(backend);
        log.info("Errand uses the application's DataSource ({} database); an enqueue inside a Spring transaction "
                + "commits or rolls back with it", backend.dialectName());
        return backend;
    }
}
