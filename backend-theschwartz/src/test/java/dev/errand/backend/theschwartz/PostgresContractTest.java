package dev.errand.backend.theschwartz;

import dev.errand.config.ErrandConfig;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.testservers.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The backend contract on PostgreSQL, a new database per test with TheSchwartz's {@code schema-postgres.sql}. */
class PostgresContractTest extends TheSchwartzContract {
    private String url;

    @Override
    protected Backend newBackend(BackendContext context) {
        try {
            url = PostgresServer.shared().newDatabase("tscontract");
            TheSchwartzSchema.create(url, PostgresServer.USER, PostgresServer.PASSWORD, "postgres.sql");
        } catch (Exception e) {
            throw new IllegalStateException("cannot make TheSchwartz's tables on PostgreSQL: " + e.getMessage(), e);
        }
        return sameStoreBackend(context);
    }

    @Override
    protected Backend sameStoreBackend(BackendContext context) {
        ErrandConfig config = context.config()
                .with("errand.theschwartz.url", url)
                .with("errand.theschwartz.username", PostgresServer.USER)
                .with("errand.theschwartz.password", PostgresServer.PASSWORD);
        return new TheSchwartzBackend(new BackendContext(config, context.clock()));
    }

    @Override
    protected Connection connection() throws SQLException {
        return DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD);
    }
}
