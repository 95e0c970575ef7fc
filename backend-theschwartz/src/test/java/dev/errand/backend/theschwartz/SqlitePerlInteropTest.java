package dev.errand.backend.theschwartz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** On a SQLite file made from TheSchwartz's {@code t/schema-sqlite.sql} by the {@code sqlite3} tool (DBD::SQLite). */
class SqlitePerlInteropTest extends PerlInteropContract {
    private Path db;

    @Override
    String newDatabase(Path dir) throws Exception {
        db = dir.resolve("ts.db");
        Path schema = dir.resolve("schema-sqlite.sql");
        Files.write(schema, TheSchwartzSchema.file("sqlite.sql"));
        Process p = new ProcessBuilder("sqlite3", db.toString(), ".read " + schema)
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as(
                        "sqlite3 (Debian sqlite3, installed by .ci/run): %s",
                        new String(p.getInputStream().readAllBytes()))
                .isZero();
        return "jdbc:sqlite:" + db;
    }

    @Override
    String dsn() {
        return "dbi:SQLite:dbname=" + db;
    }

    @Override
    String user() {
        return "";
    }

    @Override
    String password() {
        return "";
    }
}
