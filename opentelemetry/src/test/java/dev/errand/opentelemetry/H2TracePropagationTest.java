package dev.errand.opentelemetry;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Two clients, each with its own connection pool, on one H2 database file. */
class H2TracePropagationTest extends TracePropagationContract {
    @TempDir
    Path dir;

    @Override
    protected Errand.ErrandBuilder client() {
        return Errand.builder()
                .config(ErrandConfig.empty())
                .backend("jdbc")
                .property("errand.jdbc.url", "jdbc:h2:file:" + dir.resolve("errand") + ";DB_CLOSE_DELAY=-1");
    }
}
