package dev.errand.backend.theschwartz;

import dev.errand.testservers.PostgresServer;
import java.nio.file.Path;

/** On PostgreSQL with TheSchwartz's {@code doc/schema-postgres.sql} (DBD::Pg). */
class PostgresPerlInteropTest extends PerlInteropContract {
    private String database;

    @Override
    String newDatabase(Path dir) throws Exception {
        String url = PostgresServer.shared().newDatabase("theschwartz");
        database = url.substring(url.lastIndexOf('/') + 1);
        TheSchwartzSchema.create(url, PostgresServer.USER, PostgresServer.PASSWORD, "postgres.sql");
        return url;
    }

    @Override
    String dsn() {
        return "dbi:Pg:dbname=" + database + ";host=127.0.0.1;port="
                + PostgresServer.shared().port();
    }

    @Override
    String user() {
        return PostgresServer.USER;
    }

    @Override
    String password() {
        return PostgresServer.PASSWORD;
    }
}
