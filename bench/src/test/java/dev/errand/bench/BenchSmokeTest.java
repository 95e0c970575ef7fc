package dev.errand.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark runs end to end and produces sane rows: a few seconds on the memory backend in
 * smoke mode. Asserts no timing, only that every scenario ran its jobs and filled its columns.
 */
class BenchSmokeTest {

    @Test
    void smokeRunOnTheMemoryBackendFillsEveryRow() {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        BenchMain.Result result = BenchMain.run(
                BenchOptions.parse("--smoke", "--backends=memory"),
                new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(result.failures())
                .as(progress.toString(StandardCharsets.UTF_8))
                .isZero();
        List<Row> rows = result.rows();
        assertThat(rows)
                .extracting(Row::scenario)
                .contains(
                        "enqueue burst (batches of 1000)",
                        "drain burst",
                        "enqueue (one per call)",
                        "steady state",
                        "call() round trip",
                        "fan-out of 100",
                        "first job on an idle worker",
                        "worker start → first job",
                        "errand report (parse + analyse)");
        assertThat(rows.stream().filter(r -> r.scenario().startsWith("deep queue")))
                .hasSize(2);
        assertThat(rows.stream().filter(r -> r.scenario().equals("drain burst")).map(Row::timing))
                .containsExactly("off", "file");
        for (Row r : rows) {
            assertThat(r.n()).as(r.scenario()).isPositive();
            assertThat(r.note()).as(r.scenario()).doesNotContain("TIMEOUT");
            if (!Double.isNaN(r.perSecond())) {
                assertThat(r.perSecond()).as(r.scenario()).isPositive().isFinite();
            }
            if (r.latency() != null) {
                assertThat(r.latency().getTotalCount()).as(r.scenario()).isPositive();
            }
        }
        assertThat(rows.stream()
                        .filter(r ->
                                r.scenario().equals("drain burst") && r.timing().equals("file"))
                        .findFirst()
                        .orElseThrow()
                        .note())
                .contains("timing log: 10,000 lines");
        assertThat(result.text()).contains("| backend", "machine: ");
    }

    @Test
    void rejectsUnknownOptionsWithTheUsage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BenchOptions.parse("--backend=memory"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("usage:");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BenchOptions.parse("--backends=oracle"))
                .hasMessageContaining("unknown backend 'oracle'");
    }
}
