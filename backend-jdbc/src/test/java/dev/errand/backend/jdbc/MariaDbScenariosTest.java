package dev.errand.backend.jdbc;

import dev.errand.testservers.MariaDbServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link JdbcScenarios} on MariaDb. */
class MariaDbScenariosTest extends JdbcScenarios {
    private static SharedStore store;

    @BeforeAll
    static void openStore() {
        store = new SharedStore(
                TestDatabases.settings(MariaDbServer.shared().newDatabase("scenarios", ""), MariaDbServer.USER, null));
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
