package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.backend.jdbc.dialect.Dialect;
import dev.errand.backend.jdbc.dialect.Dialects;
import dev.errand.backend.jdbc.dialect.TableNames;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every dialect's statements and DDL carry the configured prefix and nothing left to substitute. */
class DialectStatementsTest {

    @Test
    void everyStatement_ofEveryDialect_usesThePrefix_andHasNoPlaceholderLeft() throws Exception {
        for (String name : List.of("postgresql", "mysql", "h2")) {
            Dialect dialect = Dialects.named(name, TableNames.withPrefix("shop_q_"));
            List<String> statements = new ArrayList<>();
            for (Method m : Dialect.class.getMethods()) {
                if (m.getReturnType() == String.class
                        && m.getParameterCount() == 0
                        && !m.getName().equals("name")
                        && !m.getName().equals("schemaResource")) {
                    statements.add((String) m.invoke(dialect));
                }
            }
            statements.addAll(dialect.ids().statements());
            statements.addAll(dialect.insertJobs().statements());
            statements.addAll(dialect.claim().statements());
            statements.addAll(dialect.renew().statements());
            statements.addAll(dialect.completeAll().statements());
            assertThat(statements)
                    .as(name)
                    .allSatisfy(
                            sql -> assertThat(sql).doesNotContain("{prefix}").doesNotContain("errand_"));
            assertThat(dialect.ids().privilege()).as(name).contains("shop_q_").doesNotContain("{prefix}");
            assertThat(dialect.claim().statements().get(0))
                    .as(name + " claim")
                    .contains("shop_q_jobs")
                    .contains("FOR UPDATE SKIP LOCKED");
        }
    }

    @Test
    void ddlScripts_splitIntoStatements_keepingFunctionBodiesWhole() throws Exception {
        List<String> pg = Schema.statements(read("postgres.sql"));
        assertThat(pg)
                .anySatisfy(s -> assertThat(s)
                        .startsWith("CREATE OR REPLACE FUNCTION {prefix}notify_changed()")
                        .contains("PERFORM pg_notify('{prefix}done', string_agg(f.id::text, ','))")
                        .endsWith("$$"));
        assertThat(pg).noneSatisfy(s -> assertThat(s).startsWith("--"));
        assertThat(pg).filteredOn(s -> s.startsWith("CREATE TABLE")).hasSize(4);
        assertThat(Schema.statements(read("mysql.sql")))
                .filteredOn(s -> s.startsWith("CREATE TABLE"))
                .hasSize(5);
        assertThat(Schema.statements(read("h2.sql")))
                .filteredOn(s -> s.startsWith("CREATE TABLE"))
                .hasSize(4);
    }

    @Test
    void detection_picksTheDialect_andRejectsOldVersions_namingTheMinimum() {
        TableNames t = TableNames.withPrefix("errand_");
        assertThat(Dialects.detect("PostgreSQL", 14, 15, "14.15", t).name()).isEqualTo("postgresql");
        assertThat(Dialects.detect("MariaDB", 10, 11, "10.11.5-MariaDB", t).name())
                .isEqualTo("mysql");
        assertThat(Dialects.detect("MySQL", 8, 0, "8.0.36", t).name()).isEqualTo("mysql");
        assertThat(Dialects.detect("H2", 2, 3, "2.3.232", t).name()).isEqualTo("h2");
        assertThatThrownBy(() -> Dialects.detect("MySQL", 5, 7, "5.7.44-MariaDB", t))
                .hasMessageContaining("MariaDB 10.6 or newer");
        assertThatThrownBy(() -> Dialects.detect("Oracle", 19, 0, "19c", t))
                .hasMessageContaining("does not support Oracle 19c");
    }

    @Test
    void tablePrefix_mustBeASafeIdentifier() {
        assertThatThrownBy(() -> TableNames.withPrefix("Jobs")).hasMessageContaining("[a-z][a-z0-9_]{0,30}");
        assertThatThrownBy(() -> TableNames.withPrefix("x; drop table y")).isInstanceOf(IllegalArgumentException.class);
        assertThat(TableNames.withPrefix("app_").jobs()).isEqualTo("app_jobs");
    }

    @Test
    void passwordsInTheUrl_becomeThePassword_andLeaveTheUrl() {
        JdbcSettings pg = TestDatabases.settings("jdbc:postgresql://h/db?user=a&password=secret&ssl=true", null, null);
        assertThat(pg.url()).isEqualTo("jdbc:postgresql://h/db?user=a&ssl=true");
        assertThat(pg.password()).isEqualTo("secret");
        JdbcSettings maria = TestDatabases.settings("jdbc:mariadb://app:secret@h:3306/db", null, null);
        assertThat(maria.safeUrl()).isEqualTo("jdbc:mariadb://h:3306/db");
        assertThat(maria.username()).isEqualTo("app");
        assertThat(TestDatabases.settings("jdbc:h2:file:./x;PASSWORD=secret;MODE=X", null, null)
                        .safeUrl())
                .isEqualTo("jdbc:h2:file:./x;MODE=X;WRITE_DELAY=0"); // the durable default is added to every H2 URL
        assertThat(TestDatabases.settings("jdbc:postgresql://h/db", "app", "secret")
                        .toString())
                .doesNotContain("secret")
                .contains("password=****");
    }

    private static String read(String file) throws Exception {
        try (InputStream in =
                Schema.class.getClassLoader().getResourceAsStream("dev/errand/backend/jdbc/schema/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
