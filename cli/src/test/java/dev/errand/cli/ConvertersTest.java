package dev.errand.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ConvertersTest {

    @Test
    void duration_acceptsHumanAndIsoForms() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(c.convert("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.convert("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.convert("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(c.convert("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(c.convert("PT5S")).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> c.convert("5 parsecs"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("'5 parsecs' is not a duration; write e.g. 500ms, 5s, 1.5s, 1m, 2h, 1d");
    }

    @Test
    void rate_readsPercentages() {
        RateConverter c = new RateConverter();
        assertThat(c.convert("5%")).isEqualTo(0.05);
        assertThat(c.convert("0.5%")).isEqualTo(0.005);
        assertThat(c.convert("10")).isEqualTo(0.10);
        assertThatThrownBy(() -> c.convert("150%")).hasMessage("'150%' is not between 0% and 100%");
    }

    @Test
    void zone_readsIdsOffsetsAndLocal() {
        ZoneConverter c = new ZoneConverter();
        assertThat(c.convert("Europe/Berlin")).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(c.convert("+02:00")).isEqualTo(ZoneId.of("+02:00"));
        assertThat(c.convert("local")).isEqualTo(ZoneId.systemDefault());
        assertThatThrownBy(() -> c.convert("Mars/Olympus")).isInstanceOf(TypeConversionException.class);
    }
}
