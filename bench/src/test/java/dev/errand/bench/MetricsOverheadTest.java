package dev.errand.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metrics-overhead run works end to end on a few jobs; it asserts no timing. */
class MetricsOverheadTest {
    @Test
    void everyVariantRunsEveryRound_andTheTableComparesThemWithOff() {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        List<MetricsOverhead.Figures> figures =
                MetricsOverhead.run(3, 2_000, true, new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(figures)
                .extracting(MetricsOverhead.Figures::variant)
                .containsExactly(
                        MetricsOverhead.Variant.OFF,
                        MetricsOverhead.Variant.SIMPLE,
                        MetricsOverhead.Variant.PROMETHEUS);
        for (MetricsOverhead.Figures f : figures) {
            assertThat(f.drainCpuRounds()).hasSize(3).doesNotContain(0.0);
            assertThat(f.enqueuePerSecond()).isPositive().isFinite();
        }
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("round 3, drain per CPU-second: off ");
        assertThat(MetricsOverhead.table(figures, 3, 2_000, true))
                .contains("| metrics off |")
                .contains("| metrics on, PrometheusMeterRegistry |")
                .contains("medians of 3 interleaved rounds, percentile histograms on");
    }

    @Test
    void median_ofOddAndEvenCounts() {
        assertThat(MetricsOverhead.median(new double[] {5, 1, 3})).isEqualTo(3);
        assertThat(MetricsOverhead.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }
}
