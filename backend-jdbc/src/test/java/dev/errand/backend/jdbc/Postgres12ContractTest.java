package dev.errand.backend.jdbc;

import dev.errand.testservers.PostgresServer;
import org.junit.jupiter.api.Tag;

/** The backend contract on PostgreSQL 12, the oldest major the JDBC backend claims. */
@Tag("slow")
class Postgres12ContractTest extends PostgresContractTest {
    @Override
    int major() {
        return PostgresServer.OLDEST;
    }
}
