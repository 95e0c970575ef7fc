package dev.errand.backend.theschwartz;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** TheSchwartz's own schema files, as the backend bundles them, for the tests' databases. */
final class TheSchwartzSchema {
    private TheSchwartzSchema() {}

    static byte[] file(String name) throws IOException {
        try (InputStream in = TheSchwartzSchema.class
                .getClassLoader()
                .getResourceAsStream("dev/errand/backend/theschwartz/schema/" + name)) {
            if (in == null) {
                throw new IllegalStateException("schema file " + name + " is missing");
            }
            return in.readAllBytes();
        }
    }

    /** Runs the file's statements, unchanged, on the database at {@code url}. */
    static void create(String url, String user, String password, String name) throws IOException, SQLException {
        String sql = new String(file(name), StandardCharsets.UTF_8);
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            for (String statement : Database.statements(sql)) {
                s.execute(statement);
            }
        }
    }

    /** An Errand on the SQLite file {@code ts.db} in {@code dir}, whose tables it makes, polling every 100 ms. */
    static Errand sqliteErrand(Path dir) {
        return sqliteErrand(dir, Map.of());
    }

    /** As {@link #sqliteErrand(Path)}, with these settings too. */
    static Errand sqliteErrand(Path dir, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(more);
        settings.put("errand.backend", "theschwartz");
        settings.put("errand.theschwartz.url", "jdbc:sqlite:" + dir.resolve("ts.db"));
        settings.put("errand.theschwartz.createSchema", "true");
        settings.put("errand.theschwartz.pollInterval", "100ms");
        return Errand.builder().config(ErrandConfig.of(settings, "test")).build();
    }
}
