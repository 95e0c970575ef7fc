package dev.errand.backend.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link JdbcScenarios} on H2. */
class H2ScenariosTest extends JdbcScenarios {
    @org.junit.jupiter.api.io.TempDir
    static java.nio.file.Path dir;

    private static SharedStore store;

    @BeforeAll
    static void openStore() {
        store = new SharedStore(TestDatabases.settings(
                "jdbc:h2:file:" + dir.resolve("errand") + ";DB_CLOSE_ON_EXIT=FALSE", null, null));
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    @Override
    SharedStore store() {
        return store;
    }
}
