package dev.errand.backend.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The whole backend contract on PostgreSQL as a user that holds exactly the privileges
 * backend-jdbc/README.md lists (no CREATE, no ownership; PUBLIC's default rights on the database and
 * schema revoked), with {@code errand.jdbc.createSchema=false}: the tables were made by their owner.
 */
@Tag("slow")
class LeastPrivilegePostgresContractTest extends JdbcContract {
    private static SharedStore store;

    @BeforeAll
    static void open() {
        String user = DocumentedGrants.newUser();
        String url = LeastPrivilege.postgresDatabaseFor(user, "least", "app-Passw0rd");
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
