package dev.errand.backend.jdbc;

import org.junit.jupiter.api.Tag;
import dev.errand.testservers.PostgresServer;

/** The backend contract on PostgreSQL 18, the newest major the JDBC backend claims. */
@Tag("slow")
class Postgres18ContractTest extends PostgresContractTest {
    @Override
    int major() {
        return PostgresServer.NEWEST;
    }
}
