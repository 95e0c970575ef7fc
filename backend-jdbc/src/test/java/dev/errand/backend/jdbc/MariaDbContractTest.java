package dev.errand.backend.jdbc;

import dev.errand.testservers.MariaDbServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The backend contract on a real MariaDB 10.11 server (adaptive polling). */
class MariaDbContractTest extends JdbcContract {
    private static SharedStore store;

    @BeforeAll
    static void open() {
        store = new SharedStore(
                TestDatabases.settings(MariaDbServer.shared().newDatabase("contract", ""), MariaDbServer.USER, null));
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
