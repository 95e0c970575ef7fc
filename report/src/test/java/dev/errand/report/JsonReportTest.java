package dev.errand.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonReportTest {

    @Test
    void json_carriesFiguresVerdictAndTrend() throws Exception {
        List<SyntheticLog.Attempt> attempts = Scenarios.saturated().attempts();
        Report report = Report.of(
                Scenarios.analyse(
                        attempts.stream().map(SyntheticLog.Attempt::line).toList()),
                Thresholds.DEFAULTS,
                ZoneOffset.UTC);
        StringWriter w = new StringWriter();
        JsonReport.write(report, w);
        JsonNode root = new ObjectMapper().readTree(w.toString());

        assertThat(root.at("/lines/timing").asLong()).isEqualTo(attempts.size());
        assertThat(root.at("/lines/skipped").asLong()).isZero();
        assertThat(root.at("/window/from").asText()).isEqualTo("2026-11-28T14:00:00.001Z");
        assertThat(root.at("/bucketSeconds").asDouble()).isEqualTo(30.0);
        assertThat(root.at("/thresholds/maxDelayMs").asDouble()).isEqualTo(5000.0);
        JsonNode f = root.at("/functions/0");
        assertThat(f.at("/fn").asText()).isEqualTo("BookmarkService.fetchSummary");
        assertThat(f.at("/attempts").asLong()).isEqualTo(attempts.size());
        long[] delays =
                attempts.stream().mapToLong(SyntheticLog.Attempt::delayMicros).toArray();
        double exactP95Ms = SyntheticLog.percentile(delays, 95) / 1000.0;
        assertThat(f.at("/delayMs/p95").asDouble()).isCloseTo(exactP95Ms, within(exactP95Ms * 0.001 + 0.001));
        assertThat(f.at("/verdict/kind").asText()).isEqualTo("SATURATED");
        assertThat(f.at("/verdict/since").asText()).isEqualTo("2026-11-28T14:10:00Z");
        assertThat(f.at("/verdict/capacity/workersToAdd").asInt()).isEqualTo(2);
        assertThat(f.at("/verdict/capacity/workersNeeded").asDouble()).isCloseTo(6.0, within(0.1));
        assertThat(f.at("/verdict/text").asText()).contains("add at least 2 workers");
        assertThat(f.at("/trend").size()).isEqualTo(40);
        assertThat(f.at("/trend/10/start").asText()).isEqualTo("2026-11-28T14:05:00Z");
        assertThat(f.at("/trend/10/throughputPerSecond").asDouble()).isCloseTo(20, within(0.1));
        assertThat(f.at("/trend/39/arrivalPerSecond").isNull())
                .as("arrivals after the last started job are unknown")
                .isTrue();
    }

    @Test
    void json_escapesNames() throws Exception {
        Report report = Report.of(
                Scenarios.analyse(Scenarios.healthy().fn("Odd\"Name\\x").lines()), Thresholds.DEFAULTS, ZoneOffset.UTC);
        StringWriter w = new StringWriter();
        JsonReport.write(report, w);
        assertThat(new ObjectMapper()
                        .readTree(w.toString())
                        .at("/functions/0/fn")
                        .asText())
                .isEqualTo("Odd\"Name\\x");
    }
}
