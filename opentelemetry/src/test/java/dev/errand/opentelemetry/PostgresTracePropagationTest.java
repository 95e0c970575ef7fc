package dev.errand.opentelemetry;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.testservers.PostgresServer;
import org.junit.jupiter.api.BeforeEach;

/** Two clients, each with its own connection pool, on one PostgreSQL database of a real server. */
class PostgresTracePropagationTest extends TracePropagationContract {
    private String url;

    @BeforeEach
    void database() {
        url = PostgresServer.shared().newDatabase("tracing");
    }

    @Override
    protected Errand.ErrandBuilder client() {
        return Errand.builder()
                .config(ErrandConfig.empty())
                .backend("jdbc")
                .property("errand.jdbc.url", url)
                .property("errand.jdbc.username", PostgresServer.USER)
                .property("errand.jdbc.password", PostgresServer.PASSWORD);
    }
}
