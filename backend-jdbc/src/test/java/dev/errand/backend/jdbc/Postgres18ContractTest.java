package dev.errand.backend.jdbc;

import dev.errand.testservers.PostgresServer;
import org.junit.jupiter.api.Tag;

/** The backend contract on PostgreSQL 18, the newest major the JDBC backend claims. */
@Tag("slow")
class Postgres18ContractTest extends PostgresContractTest {
    @Override
    int major() {
        return PostgresServer.NEWEST;
    }
}
