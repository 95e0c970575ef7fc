package dev.errand.backend.theschwartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.testservers.MariaDbServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * On MariaDB with TheSchwartz's {@code doc/schema.sql} in a latin1 database under strict mode, as TheSchwartz
 * deployments run (DBD::mysql).
 */
class MariaDbPerlInteropTest extends PerlInteropContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private String database;

    @Override
    String newDatabase(Path dir) throws Exception {
        MariaDbServer server = MariaDbServer.shared();
        database = "theschwartz_latin1_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(server.url(""), MariaDbServer.USER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database + " CHARACTER SET latin1");
            try (ResultSet rs = s.executeQuery("SELECT @@GLOBAL.sql_mode")) {
                rs.next();
                assertThat(rs.getString(1)).as("the server's sql_mode").contains("STRICT_TRANS_TABLES");
            }
        }
        String url = server.url(database);
        TheSchwartzSchema.create(url, MariaDbServer.USER, "", "mysql.sql");
        try (Connection c = DriverManager.getConnection(url, MariaDbServer.USER, "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT CHARACTER_SET_NAME FROM information_schema.COLUMNS"
                        + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'error' AND COLUMN_NAME = 'message'")) {
            rs.next();
            assertThat(rs.getString(1)).as("error.message's character set").isEqualTo("latin1");
        }
        return url;
    }

    @Override
    String dsn() {
        return "dbi:mysql:database=" + database + ";host=127.0.0.1;port="
                + MariaDbServer.shared().port();
    }

    @Override
    String user() {
        return MariaDbServer.USER;
    }

    @Override
    String password() {
        return "";
    }

    @Test
    void aUniqueKeyTheLatin1ColumnCannotHold_isRefusedAtCallTime() {
        assertThatThrownBy(() ->
                        new ShopJobs(errand()).count(1).uniqueKey("\u263a").enqueue())
                .hasMessageContaining("unique key of job fleet::Count")
                .hasMessageContaining("latin1");
    }

    @Override
    String stored(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.appendCodePoint(c <= 0xFF ? c : '?'));
        return out.toString();
    }
}
