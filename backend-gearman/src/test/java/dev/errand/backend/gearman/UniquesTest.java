package dev.errand.backend.gearman;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class UniquesTest {
    @Test
    void aStampedUniqueGivesBackItsEnqueueTime_toTheMicrosecond() {
        Instant t = Instant.parse("2026-12-05T12:13:14.123456789Z");
        String unique = Uniques.stamped(t);
        assertThat(unique).startsWith("~e1.").hasSizeLessThanOrEqualTo(Uniques.MAX_BYTES);
        assertThat(Uniques.enqueuedAt(unique)).contains(t.truncatedTo(ChronoUnit.MICROS));
        assertThat(Uniques.enqueuedAt(Uniques.stamped(Instant.EPOCH))).contains(Instant.EPOCH);
    }

    @Test
    void otherUniquesCarryNoEnqueueTime() {
        assertThat(Uniques.enqueuedAt("")).isEmpty();
        assertThat(Uniques.enqueuedAt(Uniques.random())).isEmpty();
        assertThat(Uniques.enqueuedAt("order-42")).isEmpty();
        assertThat(Uniques.enqueuedAt("~e1.")).isEmpty();
        assertThat(Uniques.enqueuedAt("~e1..abcdefghijkl")).isEmpty(); // no time digits
        assertThat(Uniques.enqueuedAt("~e1.kx2.abcdefghijk")).isEmpty(); // 11 random digits
        assertThat(Uniques.enqueuedAt("~e1.kx2.abcdefghijklm")).isEmpty(); // 13 random digits
        assertThat(Uniques.enqueuedAt("~e1.KX2.abcdefghijkl")).isEmpty(); // upper case
        assertThat(Uniques.enqueuedAt("~e1.kx-2.abcdefghijkl")).isEmpty();
        assertThat(Uniques.enqueuedAt("~e1.12345678901234.abcdefghijkl")).isEmpty(); // 14 time digits
        assertThat(Uniques.enqueuedAt("~e2.kx2.abcdefghijkl")).isEmpty();
        assertThat(Uniques.enqueuedAt("~e1.zzzzzzzzzzzzz.abcdefghijkl")).isEmpty(); // past a long
    }
}
