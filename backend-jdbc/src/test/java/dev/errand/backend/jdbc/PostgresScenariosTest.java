package dev.errand.backend.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link JdbcScenarios} on Postgres. */
class PostgresScenariosTest extends JdbcScenarios {
    private static SharedStore store;

    @BeforeAll
    static void openStore() {
        store = new SharedStore(TestDatabases.postgres("scenarios"));
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
