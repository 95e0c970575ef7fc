package dev.errand.backend.jdbc;

import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.BackendContract;
import java.sql.Connection;
import java.sql.SQLException;

/** The backend contract on one database: each test gets an emptied store of the class's {@link SharedStore}. */
abstract class JdbcContract extends BackendContract {

    /** The database of this class, opened before its tests. */
    abstract SharedStore store();

    @Override
    protected Backend newBackend(BackendContext context) {
        return store().newBackend(context);
    }

    /** A backend on the same tables, as another process would open it: nothing emptied. */
    @Override
    protected Backend sameStoreBackend(BackendContext context) {
        return new JdbcBackend(store().settings, store().pool, context.clock());
    }

    @Override
    protected Connection connection() throws SQLException {
        return store().pool.getConnection();
    }
}
