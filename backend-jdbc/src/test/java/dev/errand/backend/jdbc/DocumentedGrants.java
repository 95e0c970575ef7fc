package dev.errand.backend.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The least-privilege GRANTs exactly as {@code backend-jdbc/README.md} documents them (the SQL
 * block after {@code <!-- grants:<database> -->}), so the tests run as the user the README tells
 * people to create, and a README that drifts from what the backend needs fails the build.
 * The README's names ({@code app} database, {@code errand_app} user, {@code change-me} password)
 * are replaced by the test's own.
 */
final class DocumentedGrants {
    private static final AtomicInteger USERS = new AtomicInteger();

    private DocumentedGrants() {}

    /** A user name no other test uses: roles are server-wide. */
    static String newUser() {
        return "errand_app_" + USERS.incrementAndGet() + "_" + Long.toHexString(System.nanoTime() & 0xfffff);
    }

    /** The README's statements for {@code database} ("postgresql" or "mariadb"), with the names replaced. */
    static List<String> statements(String database, String dbName, String user, String password) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : block(database)) {
            String code = line.strip();
            if (code.isEmpty() || code.startsWith("--")) {
                continue;
            }
            current.append(current.length() == 0 ? "" : " ").append(code);
            if (code.endsWith(";")) {
                String sql = current.substring(0, current.length() - 1);
                statements.add(sql.replace("DATABASE app ", "DATABASE " + dbName + " ")
                        .replace(" app.", " " + dbName + ".")
                        .replace("errand_app", user)
                        .replace("change-me", password));
                current.setLength(0);
            }
        }
        if (statements.isEmpty()) {
            throw new IllegalStateException("README.md has no SQL block after <!-- grants:" + database + " -->");
        }
        return statements;
    }

    private static List<String> block(String database) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException("the tests read backend-jdbc/README.md from the module directory", e);
        }
        String marker = "<!-- grants:" + database + " -->";
        int i = lines.indexOf(marker);
        if (i < 0) {
            throw new IllegalStateException("README.md has no line " + marker);
        }
        while (++i < lines.size() && !lines.get(i).startsWith("```")) {
            // skip to the fence
        }
        List<String> block = new ArrayList<>();
        while (++i < lines.size() && !lines.get(i).startsWith("```")) {
            block.add(lines.get(i));
        }
        return block;
    }
}
