package dev.errand.backend.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The backend contract on an embedded H2 file database. */
class H2ContractTest extends JdbcContract {
    @TempDir
    static Path dir;

    private static SharedStore store;

    @BeforeAll
    static void open() {
        store = new SharedStore(TestDatabases.settings(
                "jdbc:h2:file:" + dir.resolve("errand") + ";DB_CLOSE_ON_EXIT=FALSE", null, null));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    SharedStore store() {
        return store;
    }
}
