package dev.errand.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesShortFormsAndIso() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse(" 5m ")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void rejectsGarbage_namingTheFormat() {
        assertThatThrownBy(() -> Durations.parse("5 minutes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "'5 minutes' is not a duration: use a number with ms, s, m, h or d (e.g. 500ms, 30s, 5m) or ISO-8601 (PT30S)");
    }

    @Test
    void formatsCompactly() {
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.format(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Durations.format(Duration.ofHours(3))).isEqualTo("3h");
    }
}
