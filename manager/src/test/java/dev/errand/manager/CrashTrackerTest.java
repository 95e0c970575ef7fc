package dev.errand.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CrashTrackerTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void backoff_doublesWithEveryCrashInTheWindow_upToTheCap() {
        CrashTracker t = new CrashTracker(Duration.ofSeconds(1), Duration.ofSeconds(5), 10, Duration.ofMinutes(1));
        t.crashed(T0);
        assertThat(t.backoff()).isEqualTo(Duration.ofSeconds(1));
        t.crashed(T0.plusSeconds(1));
        assertThat(t.backoff()).isEqualTo(Duration.ofSeconds(2));
        t.crashed(T0.plusSeconds(2));
        assertThat(t.backoff()).isEqualTo(Duration.ofSeconds(4));
        t.crashed(T0.plusSeconds(3));
        assertThat(t.backoff()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void crashLoop_needsTheCountWithinTheWindow_andOldCrashesAge() {
        CrashTracker t = new CrashTracker(Duration.ofSeconds(1), Duration.ofMinutes(1), 3, Duration.ofMinutes(1));
        assertThat(t.crashed(T0)).isEqualTo(1);
        assertThat(t.crashed(T0.plusSeconds(30))).isEqualTo(2);
        assertThat(t.crashed(T0.plusSeconds(90)))
                .as("the first crash left the window")
                .isEqualTo(2);
        assertThat(t.isLoop()).isFalse();
        assertThat(t.backoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(t.crashed(T0.plusSeconds(100)))
                .as("crashes at 90 s and 100 s")
                .isEqualTo(2);
        assertThat(t.crashed(T0.plusSeconds(110))).isEqualTo(3);
        assertThat(t.isLoop()).isTrue();
        t.reset();
        assertThat(t.isLoop()).isFalse();
    }
}
