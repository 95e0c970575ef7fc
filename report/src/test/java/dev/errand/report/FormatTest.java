package dev.errand.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void micros_picksAReadableUnit() {
        assertThat(Format.micros(400)).isEqualTo("0.4 ms");
        assertThat(Format.micros(40_000)).isEqualTo("40 ms");
        assertThat(Format.micros(200_113)).isEqualTo("200 ms");
        assertThat(Format.micros(9_100_000)).isEqualTo("9.1 s");
        assertThat(Format.micros(42_000_000)).isEqualTo("42 s");
        assertThat(Format.micros(294_000_000)).isEqualTo("4.9 min");
        assertThat(Format.micros(5_400_000_000L)).isEqualTo("1.5 h");
    }

    @Test
    void seconds_rateAndSpan() {
        assertThat(Format.seconds(0.0999)).isEqualTo("0.1 s");
        assertThat(Format.seconds(0.2)).isEqualTo("0.2 s");
        assertThat(Format.seconds(0.0354)).isEqualTo("0.035 s");
        assertThat(Format.rate(60.04)).isEqualTo("60");
        assertThat(Format.rate(39.23)).isEqualTo("39.2");
        assertThat(Format.rate(2.5)).isEqualTo("2.5");
        assertThat(Format.rate(0.25)).isEqualTo("0.25");
        assertThat(Format.span(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(Format.span(Duration.ofMinutes(20).minusMillis(10))).isEqualTo("20 min");
        assertThat(Format.span(Duration.ofHours(6))).isEqualTo("6 h");
    }

    @Test
    void clock_showsSecondsOnlyWhenNeeded() {
        assertThat(Format.clock(Instant.parse("2026-11-28T14:05:00Z"), ZoneOffset.UTC, false))
                .isEqualTo("14:05");
        assertThat(Format.clock(Instant.parse("2026-11-28T14:05:30Z"), ZoneOffset.UTC, false))
                .isEqualTo("14:05:30");
        assertThat(Format.clock(Instant.parse("2026-11-28T14:05:00Z"), ZoneOffset.UTC, true))
                .isEqualTo("2026-11-28 14:05");
    }
}
