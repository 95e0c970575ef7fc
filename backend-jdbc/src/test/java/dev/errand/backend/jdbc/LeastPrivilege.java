package dev.errand.backend.jdbc;

import dev.errand.testservers.MariaDbServer;
import dev.errand.testservers.PostgresServer;
import java.util.ArrayList;
import java.util.List;

/**
 * Databases whose Errand tables were created by the administrator and a user that holds only
 * the documented privileges ({@link DocumentedGrants}), plus any statements run after the GRANTs
 * (e.g. a REVOKE that takes one privilege away again).
 */
final class LeastPrivilege {
    private LeastPrivilege() {}

    /** A new PostgreSQL database with the schema, PUBLIC's default rights revoked, and {@code user} as documented; its URL. */
    static String postgresDatabaseFor(String user, String hint, String password, String... after) {
        String url = PostgresServer.shared().newDatabase(hint);
        String dbName = url.substring(url.lastIndexOf('/') + 1);
        new SharedStore(TestDatabases.settings(url, PostgresServer.USER, PostgresServer.PASSWORD)).close();
        List<String> statements = new ArrayList<>(List.of(
                "REVOKE ALL ON DATABASE " + dbName + " FROM PUBLIC", "REVOKE ALL ON SCHEMA public FROM PUBLIC"));
        statements.addAll(DocumentedGrants.statements("postgresql", dbName, user, password));
        statements.addAll(List.of(after));
        try (var admin =
                TestDatabases.pool(TestDatabases.settings(url, PostgresServer.USER, PostgresServer.PASSWORD))) {
            TestDatabases.execute(admin, statements.toArray(new String[0]));
        }
        return url;
    }

    /** A new MariaDB database with the schema and {@code user} as documented; its URL. */
    static String mariaDbDatabaseFor(String user, String hint, String password, String... after) {
        String url = MariaDbServer.shared().newDatabase(hint, "");
        String dbName = url.substring(url.lastIndexOf('/') + 1);
        new SharedStore(TestDatabases.settings(url, MariaDbServer.USER, null)).close();
        List<String> statements = new ArrayList<>(DocumentedGrants.statements("mariadb", dbName, user, password));
        statements.addAll(List.of(after));
        try (var admin = TestDatabases.pool(TestDatabases.settings(url, MariaDbServer.USER, null))) {
            TestDatabases.execute(admin, statements.toArray(new String[0]));
        }
        return url;
    }
}
