package dev.errand.backend.jdbc;

import dev.errand.testservers.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link JdbcScenarios} on Postgres. */
class PostgresScenariosTest extends JdbcScenarios {
    private static SharedStore store;

    @BeforeAll
    static void openStore() {
        store = new SharedStore(TestDatabases.settings(
                PostgresServer.shared().newDatabase("scenarios"), PostgresServer.USER, PostgresServer.PASSWORD));
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
