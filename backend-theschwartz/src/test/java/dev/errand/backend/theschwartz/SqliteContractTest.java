package dev.errand.backend.theschwartz;

import dev.errand.config.ErrandConfig;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

/** The backend contract on a fresh SQLite file per test, with TheSchwartz's own schema. */
class SqliteContractTest extends TheSchwartzContract {
    @TempDir
    static Path dir;

    private static int files;
    private String url;

    @Override
    protected Backend newBackend(BackendContext context) {
        url = "jdbc:sqlite:" + dir.resolve("contract-" + (++files) + ".db");
        return sameStoreBackend(context);
    }

    @Override
    protected Backend sameStoreBackend(BackendContext context) {
        ErrandConfig config =
                context.config().with("errand.theschwartz.url", url).with("errand.theschwartz.createSchema", "true");
        return new TheSchwartzBackend(new BackendContext(config, context.clock()));
    }

    @Override
    protected Connection connection() throws SQLException {
        return DriverManager.getConnection(url);
    }
}
