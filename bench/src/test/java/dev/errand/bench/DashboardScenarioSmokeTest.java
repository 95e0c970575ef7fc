package dev.errand.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The dashboard scenario end to end on a small memory store: every page answers and gets a row. Asserts no timing. */
class DashboardScenarioSmokeTest {

    @Test
    void smallMemoryStore_yieldsARowPerPage() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        DashboardScenario.main(
                new String[] {"--jobs=memory:3000"},
                new PrintStream(progress, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table.lines().filter(l -> l.startsWith("| memory | 3,000 |")))
                .as(progress.toString(StandardCharsets.UTF_8))
                .hasSize(5);
        assertThat(table).contains("overview (as served", "jobs: state=DEAD, queue=payments");
    }
}
