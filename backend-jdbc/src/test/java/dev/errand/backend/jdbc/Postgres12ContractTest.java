package dev.errand.backend.jdbc;

import org.junit.jupiter.api.Tag;
import dev.errand.testservers.PostgresServer;

/** The backend contract on PostgreSQL 12, the oldest major the JDBC backend claims. */
@Tag("slow")
class Postgres12ContractTest extends PostgresContractTest {
    @Override
    int major() {
        return PostgresServer.OLDEST;
    }
}
