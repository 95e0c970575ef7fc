package dev.errand.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantTest {

    @Test
    void parseEpochMillis_agreesWithJavaTimeOverFiveCenturies() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochMilli(random.nextLong(-5_000_000_000_000L, 10_000_000_000_000L));
            String s = DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS));
            assertThat(IsoInstant.parseEpochMillis(s, 0, s.length())).as(s).isEqualTo(t.toEpochMilli());
        }
    }

    @Test
    void parseEpochMillis_leapDayAndEpoch() {
        assertThat(parse("2024-02-29T00:00:00Z"))
                .isEqualTo(Instant.parse("2024-02-29T00:00:00Z").toEpochMilli());
        assertThat(parse("1970-01-01T00:00:00.000Z")).isZero();
        assertThat(parse("1969-12-31T23:59:59.999Z")).isEqualTo(-1);
    }

    @Test
    void parseEpochMillis_rejectsNonsense() {
        assertThat(parse("2026-11-28T24:00:00Z")).isEqualTo(Long.MIN_VALUE);
        assertThat(parse("2026-11-28 23:10:40Z")).isEqualTo(Long.MIN_VALUE);
        assertThat(parse("2026-11-28T23:10:40")).isEqualTo(Long.MIN_VALUE);
        assertThat(parse("2026-11-28T23:10:40.Z")).isEqualTo(Long.MIN_VALUE);
        assertThat(parse("2026-11-28T23:10:40Zjunk")).isEqualTo(Long.MIN_VALUE);
    }

    private static long parse(String s) {
        return IsoInstant.parseEpochMillis(s, 0, s.length());
    }
}
