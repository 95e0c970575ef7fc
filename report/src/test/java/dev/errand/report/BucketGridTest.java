package dev.errand.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BucketGridTest {
    private static final long T0 = 1_800_000_000_000L; // a whole hour since the epoch

    @Test
    void auto_startsAtOneSecondAndCoarsensAlongTheLadderWithinMaxBuckets() {
        BucketGrid g = BucketGrid.auto(60);
        g.include(T0);
        g.include(T0 + 59_000);
        assertThat(g.widthMillis()).isEqualTo(1_000);
        assertThat(g.span()).isEqualTo(60);
        g.include(T0 + 60_000);
        assertThat(g.widthMillis()).isEqualTo(5_000);
        g.include(T0 + Duration.ofMinutes(20).toMillis());
        assertThat(g.widthMillis()).isEqualTo(30_000);
        assertThat(g.span()).isEqualTo(41);
        g.include(T0 + Duration.ofDays(30).toMillis());
        assertThat(g.widthMillis()).isEqualTo(Duration.ofDays(1).toMillis());
        assertThat(g.span()).isLessThanOrEqualTo(60);
    }

    @Test
    void include_earlierTimesMoveTheBaseAndBumpTheGeneration() {
        BucketGrid g = BucketGrid.auto(60);
        g.include(T0 + 10_000);
        int gen = g.generation();
        assertThat(g.include(T0)).isZero();
        assertThat(g.generation()).isNotEqualTo(gen);
        assertThat(g.slot(T0 + 10_000)).isEqualTo(10);
        assertThat(g.slotStart(10)).isEqualTo(T0 + 10_000);
    }

    @Test
    void includeIfFits_refusesTimesThatWouldCoarsen() {
        BucketGrid g = BucketGrid.auto(60);
        g.include(T0);
        assertThat(g.includeIfFits(T0 - 30_000)).isTrue();
        assertThat(g.includeIfFits(T0 - Duration.ofDays(2).toMillis())).isFalse();
        assertThat(g.widthMillis()).isEqualTo(1_000);
    }

    @Test
    void fixed_keepsItsWidthUntilTheLimitThenDoubles() {
        BucketGrid g = BucketGrid.fixed(Duration.ofMinutes(1));
        g.include(T0);
        g.include(T0 + Duration.ofDays(5).toMillis());
        assertThat(g.widthMillis()).isEqualTo(60_000);
        assertThat(g.widenedFixedWidth()).isFalse();
        g.include(T0 + Duration.ofDays(8).toMillis());
        assertThat(g.widthMillis()).isEqualTo(120_000);
        assertThat(g.widenedFixedWidth()).isTrue();
    }

    @Test
    void fixed_rejectsWidthsUnderASecond() {
        assertThatThrownBy(() -> BucketGrid.fixed(Duration.ofMillis(500)))
                .hasMessage("bucket width must be at least 1s but was PT0.5S");
    }
}
