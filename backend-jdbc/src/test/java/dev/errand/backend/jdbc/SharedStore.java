package dev.errand.backend.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;

/**
 * One database and one pool shared by every backend of a test class: the schema is created
 * once, and each new backend starts on emptied tables, which is far faster than new tables.
 */
final class SharedStore implements AutoCloseable {
    final JdbcSettings settings;
    final HikariDataSource pool;

    SharedStore(JdbcSettings settings) {
        this.settings = settings;
        this.pool = TestDatabases.poolWithSchema(settings);
    }

    /** A backend over an empty store, on the context's clock. */
    Backend newBackend(BackendContext context) {
        TestDatabases.empty(pool, settings);
        return new JdbcBackend(settings, pool, context.clock());
    }

    @Override
    public void close() {
        pool.close();
    }
}
