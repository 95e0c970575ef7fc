package dev.errand.worker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DrainResultTest {

    @Test
    void countsPastIntegerMaxValue_areKeptWhole() {
        DrainResult stats = new DrainResult(Integer.MAX_VALUE + 5L, 1, 2);

        assertThat(stats.succeeded()).isEqualTo(2_147_483_652L);
        assertThat(stats.attempts()).isEqualTo(2_147_483_655L);
    }
}
