package dev.errand.spring.boot;

import dev.errand.backend.jdbc.CallerTransactions;
import dev.errand.spi.Backend;
import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Spring's transaction on the calling thread, for the JDBC backend: when a transaction manager has bound a
 * connection of the application's data source to this thread ({@code @Transactional} with the JDBC, JPA or jOOQ
 * transaction managers Spring Boot configures), {@code enqueue()} stores the jobs on that connection and they commit
 * or roll back with it. Once it commits, idle workers are woken so the jobs start at once.
 */
final class SpringTransactions implements CallerTransactions {
    private final DataSource dataSource;
    private volatile Backend backend;

    SpringTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The backend whose workers to wake after a commit. */
    void wakeAfterCommit(Backend backend) {
        this.backend = backend;
    }

    @Override
    public Connection current() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || TransactionSynchronizationManager.getResource(dataSource) == null) {
            return null;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && !TransactionSynchronizationManager.hasResource(this)) {
            TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    Backend b = backend;
                    if (b != null) {
                        b.wakeUp();
                    }
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(SpringTransactions.this);
                }
            });
        }
        return connection;
    }

    @Override
    public void release(Connection connection) {
        DataSourceUtils.releaseConnection(connection, dataSource);
    }
}
