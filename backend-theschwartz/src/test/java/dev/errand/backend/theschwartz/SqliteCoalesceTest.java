package dev.errand.backend.theschwartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.Errand;
import dev.errand.Job;
import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coalesce column that Java enqueues write, and the refusal of a coalesce parameter that cannot feed it. */
class SqliteCoalesceTest {
    /** Declared only for their stubs. */
    public abstract static class Orders {
        @Job(name = "orders::Pack")
        @TheSchwartzFunction(coalesce = "order")
        public abstract void pack(long order, String note);

        @Job(name = "orders::Label")
        @TheSchwartzFunction(coalesce = "text")
        public abstract void label(String text);

        @Job(name = "orders::Typo")
        @TheSchwartzFunction(coalesce = "ordr")
        public abstract void typo(long order);

        @Job(name = "orders::Nested")
        @TheSchwartzFunction(coalesce = "lines")
        public abstract void nested(long order, List<String> lines);
    }

    @TempDir
    Path dir;

    private Errand errand;
    private SqliteCoalesceTest_OrdersJobs orders;

    @BeforeEach
    void open() {
        errand = Errand.builder()
                .config(ErrandConfig.of(
                        Map.of(
                                "errand.backend", "theschwartz",
                                "errand.theschwartz.url", "jdbc:sqlite:" + dir.resolve("ts.db"),
                                "errand.theschwartz.createSchema", "true"),
                        "test"))
                .build();
        orders = new SqliteCoalesceTest_OrdersJobs(errand);
    }

    @AfterEach
    void close() {
        errand.close();
    }

    @Test
    void theNamedParameter_isWrittenToTheCoalesceColumn_asPerlText() throws Exception {
        orders.pack(1099511627776L, "fragile").enqueue();
        orders.label("caf\u00e9").enqueue();
        new PerlShopJobs(errand).echo("no coalesce", 1).enqueue();

        assertThat(coalesceColumn()).containsExactly("1099511627776", "caf\u00e9", null);
    }

    @Test
    void aCoalesceNamingNoParameter_orAStructuredOne_isRefusedAtCallTime_namingTheMethod() {
        assertThatThrownBy(() -> orders.typo(7).enqueue())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("@TheSchwartzFunction(coalesce = \"ordr\")")
                .hasMessageContaining("Orders.typo")
                .hasMessageContaining("[order]");
        assertThatThrownBy(() -> orders.nested(7, List.of("a")).enqueue())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("Orders.nested")
                .hasMessageContaining("java.util.List<java.lang.String>")
                .hasMessageContaining("scalar parameter");
    }

    private List<String> coalesceColumn() throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ts.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce FROM job ORDER BY jobid")) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
