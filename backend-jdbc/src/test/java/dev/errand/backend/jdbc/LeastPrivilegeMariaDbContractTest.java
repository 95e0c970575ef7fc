package dev.errand.backend.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The whole backend contract on MariaDB as a user that holds exactly the table privileges
 * backend-jdbc/README.md lists, with {@code errand.jdbc.createSchema=false}.
 */
@Tag("slow")
class LeastPrivilegeMariaDbContractTest extends JdbcContract {
    private static SharedStore store;

    @BeforeAll
    static void open() {
        String user = DocumentedGrants.newUser();
        String url = LeastPrivilege.mariaDbDatabaseFor(user, "least", "app-Passw0rd");
        store = new SharedStore(TestDatabases.settings(url, user, "app-Passw0rd", JdbcSettings.CREATE_SCHEMA, "false"));
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    SharedStore store() {
        return store;
    }
}
