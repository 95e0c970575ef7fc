package dev.errand.backend.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The whole backend contract on PostgreSQL with row-level security on Errand's jobs table, as a user the policies apply to
 * (the documented privileges, not the tables' owner) and a policy that lets it see and write every row, as a
 * multi-tenant database may have on every table. PostgreSQL refuses {@code COPY FROM} into such a table, so batches go
 * in as inserts.
 */
@Tag("slow")
class RowLevelSecurityPostgresContractTest extends JdbcContract {
    private static SharedStore store;

    @BeforeAll
    static void open() {
        String user = DocumentedGrants.newUser();
        String url = LeastPrivilege.postgresDatabaseFor(
                user,
                "rls",
                "app-Passw0rd",
                "ALTER TABLE errand_jobs ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY every_job ON errand_jobs USING (true) WITH CHECK (true)");
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
