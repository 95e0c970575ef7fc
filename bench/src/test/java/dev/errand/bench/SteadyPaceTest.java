package dev.errand.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SteadyPaceTest {
    @Test
    void halfOfWhatEnqueueAndDrainCarryTogether() {
        // 1 / (1/50,000 + 1/17,000) = 12,686.6 carried together; the pace is half of it.
        assertThat(Scenarios.steadyPace(50_000, 17_000)).isCloseTo(6_343.3, within(0.1));
        // Equal rates: together half of either, so the pace is a quarter.
        assertThat(Scenarios.steadyPace(8_000, 8_000)).isCloseTo(2_000, within(0.001));
    }

    @Test
    void halfOfTheOneMeasuredWhenTheOtherIsNot() {
        assertThat(Scenarios.steadyPace(Double.NaN, 17_000)).isEqualTo(8_500);
        assertThat(Scenarios.steadyPace(50_000, Double.NaN)).isEqualTo(25_000);
        assertThat(Scenarios.steadyPace(Double.NaN, Double.NaN)).isNaN();
    }

    @Test
    void theNoteSaysWhichRatesSetThePace() {
        assertThat(Scenarios.paceNote(17_000, 50_000))
                .isEqualTo(", half of what enqueue() at 50,000/s and the drain at 17,000/s carry together");
        assertThat(Scenarios.paceNote(17_000, Double.NaN)).contains("half of the drain alone at 17,000/s", "'single'");
        assertThat(Scenarios.paceNote(Double.NaN, 50_000))
                .contains("half of the one-per-call enqueue alone at 50,000/s", "'burst'");
        assertThat(Scenarios.paceNote(Double.NaN, Double.NaN)).contains("a fixed pace");
    }
}
