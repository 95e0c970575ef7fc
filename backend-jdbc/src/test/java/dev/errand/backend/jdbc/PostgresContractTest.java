package dev.errand.backend.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The backend contract on a real PostgreSQL 14 server (LISTEN/NOTIFY wake-ups and outcomes). */
class PostgresContractTest extends JdbcContract {
    private static SharedStore store;

    @BeforeAll
    static void open() {
        store = new SharedStore(TestDatabases.settings(PostgresServer.newDatabase("contract"), PostgresServer.USER,
                PostgresServer.PASSWORD));
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
