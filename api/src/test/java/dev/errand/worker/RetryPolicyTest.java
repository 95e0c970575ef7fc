package dev.errand.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void exponential_doublesPerAttempt_withinTwentyPercentJitter_andIsCapped() {
        RetryPolicy p = RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofMinutes(1));
        for (int i = 0; i < 200; i++) {
            assertThat(p.backoff(1, null).toMillis()).isBetween(800L, 1200L);
            assertThat(p.backoff(3, null).toMillis()).isBetween(3200L, 4800L);
            assertThat(p.backoff(40, null).toMillis()).isBetween(48_000L, 72_000L);
        }
    }

    @Test
    void exponential_rejectsABaseAboveTheCap() {
        assertThatThrownBy(() -> RetryPolicy.exponential(Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .hasMessageContaining("0 < base <= max");
    }

    @Test
    void timingLogMillis_keepMicrosecondsWithoutFloatingPoint() {
        StringBuilder b = new StringBuilder();
        TimingLog.millis(b, 12_345_678);
        b.append(' ');
        TimingLog.millis(b, 5_000);
        b.append(' ');
        TimingLog.millis(b, 7_000_000_000L);
        assertThat(b).hasToString("12.345 0.005 7000.000");
    }
}
