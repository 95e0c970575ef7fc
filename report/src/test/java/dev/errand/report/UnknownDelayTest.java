package dev.errand.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Attempts logged with {@code delay_ms=unknown} (Gearman jobs submitted by non-Errand clients) count in attempts,
 * throughput and process time, stay out of the delay percentiles, arrivals and verdicts, and every report says how
 * many there were.
 */
class UnknownDelayTest {
    private static final Instant T0 = Instant.parse("2026-11-28T14:00:00Z");
    private static final String SENTENCE = "(Gearman jobs submitted by non-Errand clients)";

    /**
     * {@code Shop.audit}: one attempt a second for 60 s, even ones with a delay of 10 ms, odd ones unknown;
     * {@code Perl.only}: 20 attempts, every delay unknown. Each ran 100 ms.
     */
    private static List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            lines.add(line("Shop.audit", i, i % 2 == 0 ? "10.000" : "unknown"));
        }
        for (int i = 0; i < 20; i++) {
            lines.add(line("Perl.only", i, "unknown"));
        }
        return lines;
    }

    private static String line(String fn, int second, String delay) {
        return "ts=" + T0.plusSeconds(second) + " fn=" + fn + " id=" + second + " queue=default attempt=1 status=ok "
                + "delay_ms=" + delay + " process_ms=100.000 backend=gearman worker=h:1:w1";
    }

    private static Analysis analysis() {
        LogAnalyzer analyzer = LogAnalyzer.autoBuckets();
        lines().forEach(analyzer::accept);
        return analyzer.finish();
    }

    private static Report report() {
        return Report.of(analysis(), Thresholds.DEFAULTS, ZoneOffset.UTC);
    }

    @Test
    void analysis_countsThemInAttemptsThroughputAndProcess_notInDelay() {
        Analysis a = analysis();

        assertThat(a.timingLines()).isEqualTo(80);
        assertThat(a.malformedLines()).isZero();
        assertThat(a.unknownDelayAttempts()).isEqualTo(50);
        FunctionReport audit = a.functions().get(1);
        assertThat(audit.fn()).isEqualTo("Shop.audit");
        assertThat(audit.attempts()).isEqualTo(60);
        assertThat(audit.unknownDelay()).isEqualTo(30);
        assertThat(audit.delayKnownAttempts()).isEqualTo(30);
        assertThat(audit.throughput()).isCloseTo(60 / 59.0, within(0.001));
        assertThat(audit.processSumMicros()).isEqualTo(60 * 100_000L);
        assertThat(audit.process().p50()).isCloseTo(100_000L, within(100L));
        assertThat(audit.delay().p50())
                .as("the known delays alone: an unknown one counted as 0 would pull p50 down")
                .isCloseTo(10_000L, within(10L));
        assertThat(audit.trend().stream().mapToLong(TrendPoint::arrivals).sum())
                .as("arrivals need a ready time, which an unknown delay does not give")
                .isEqualTo(30);
        FunctionReport perl = a.functions().get(0);
        assertThat(perl.unknownDelay()).isEqualTo(20);
        assertThat(perl.delayKnownAttempts()).isZero();
        assertThat(perl.processSumMicros()).isEqualTo(20 * 100_000L);
        assertThat(perl.trend().stream().filter(TrendPoint::hasAttempts)).allSatisfy(p -> {
            assertThat(p.delayP95()).isZero();
            assertThat(p.processP50()).isCloseTo(100_000L, within(1_000L));
        });
    }

    @Test
    void verdicts_leaveThemOut_andSaySo() {
        Report report = report();

        assertThat(report.verdict("Shop.audit").kind()).isEqualTo(Verdict.Kind.HEALTHY);
        assertThat(report.verdict("Shop.audit").findings())
                .last()
                .isEqualTo("Delay unknown for 30 attempts (Gearman jobs submitted by non-Errand clients); they count "
                        + "in throughput and process time, not in the delay figures or this verdict.");
        assertThat(report.verdict("Perl.only").findings())
                .containsExactly("Delay unknown for 20 attempts (Gearman jobs submitted by non-Errand clients), so "
                        + "there is no verdict on capacity; process p50 "
                        + Format.micros(analysis().functions().get(0).process().p50()) + ".");
    }

    @Test
    void textReport_saysHowManyDelaysAreUnknown() {
        StringWriter w = new StringWriter();
        TextReport.write(report(), new PrintWriter(w));
        String text = w.toString();

        assertThat(text).contains("80 timing lines; delay unknown for 50 attempts " + SENTENCE);
        assertThat(text).containsPattern("  delay     p50 .*; delay unknown for 30 attempts \\(Gearman");
        assertThat(text).contains("  delay     delay unknown for 20 attempts " + SENTENCE);
    }

    @Test
    void jsonReport_countsThemAndSaysSo() throws Exception {
        StringWriter w = new StringWriter();
        JsonReport.write(report(), w);
        JsonNode root = new ObjectMapper().readTree(w.toString());

        assertThat(root.at("/delayUnknownAttempts").asLong()).isEqualTo(50);
        assertThat(root.at("/delayUnknown").asText()).isEqualTo("delay unknown for 50 attempts " + SENTENCE);
        assertThat(root.at("/functions/1/fn").asText()).isEqualTo("Shop.audit");
        assertThat(root.at("/functions/1/delayUnknownAttempts").asLong()).isEqualTo(30);
        assertThat(root.at("/functions/1/delayUnknown").asText())
                .isEqualTo("delay unknown for 30 attempts " + SENTENCE);
        assertThat(root.at("/functions/1/attempts").asLong()).isEqualTo(60);
        assertThat(root.at("/functions/1/delayMs/p50").asDouble()).isCloseTo(10.0, within(0.01));
    }

    @Test
    void jsonReport_withEveryDelayKnown_saysZeroAndNoSentence() throws Exception {
        StringWriter w = new StringWriter();
        JsonReport.write(
                Report.of(Scenarios.analyse(Scenarios.healthy().lines()), Thresholds.DEFAULTS, ZoneOffset.UTC), w);
        JsonNode root = new ObjectMapper().readTree(w.toString());

        assertThat(root.at("/delayUnknownAttempts").asLong()).isZero();
        assertThat(root.has("delayUnknown")).isFalse();
    }

    @Test
    void htmlReport_saysHowManyDelaysAreUnknown() {
        StringWriter w = new StringWriter();
        HtmlReport.write(report(), new PrintWriter(w));
        String html = w.toString();

        assertThat(html).contains("80 timing lines; delay unknown for 50 attempts " + SENTENCE);
        assertThat(html).contains("<td colspan=\"3\">delay unknown for 20 attempts " + SENTENCE + "</td>");
        assertThat(html).containsPattern("p50 [^<]*; delay unknown for 30 attempts \\(Gearman");
    }
}
