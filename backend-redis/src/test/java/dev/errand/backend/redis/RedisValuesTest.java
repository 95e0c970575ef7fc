package dev.errand.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.job.JobError;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RedisValuesTest {

    @Test
    void errorRecord_roundTrips_withUnicodeAndNewlines() {
        JobError error = new JobError(
                3,
                Instant.parse("2030-01-01T00:00:01.123456Z"),
                "java.io.IOException",
                "disk «full»\nsecond line",
                "at A.b(A.java:1)\n\tat C.d(C.java:2)");

        assertThat(RedisValues.jobError(RedisValues.errorRecord(error))).isEqualTo(error);
    }

    @Test
    void instants_travelAsEpochMicroseconds() {
        Instant t = Instant.parse("2030-01-01T00:00:00.123456789Z");

        assertThat(RedisValues.micros(t)).isEqualTo(1_893_456_000_123_456L);
        assertThat(RedisValues.instant(RedisValues.micros(t))).isEqualTo(Instant.parse("2030-01-01T00:00:00.123456Z"));
        assertThat(RedisValues.instant(RedisValues.micros(Instant.parse("1969-12-31T23:59:59.5Z"))))
                .isEqualTo(Instant.parse("1969-12-31T23:59:59.5Z"));
    }
}
