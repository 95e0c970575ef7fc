package dev.errand.dashboard;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The browser tests on the JDBC backend's default: an embedded H2 database file. */
class H2DashboardBrowserTest extends DashboardBrowserContract {
    @TempDir
    static Path dir;

    @Override
    Map<String, String> backendConfig() {
        return Map.of("errand.backend", "jdbc", "errand.jdbc.url", "jdbc:h2:file:" + dir.resolve("errand"));
    }
}
