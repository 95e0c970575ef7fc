package dev.errand.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.job.JobError;
import dev.errand.job.JobId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CodecTest {

    @Test
    void errorRecord_roundTrips_withUnicodeAndNewlines() {
        JobError error = new JobError(3, Instant.parse("2030-01-01T00:00:01.123456Z"), "java.io.IOException",
                "disk «full»\nsecond line", "at A.b(A.java:1)\n\tat C.d(C.java:2)");

        assertThat(Codec.error(Codec.error(error))).isEqualTo(error);
    }

    @Test
    void instants_travelAsEpochMicroseconds() {
        Instant t = Instant.parse("2030-01-01T00:00:00.123456789Z");

        assertThat(Codec.micros(t)).isEqualTo(1_893_456_000_123_456L);
        assertThat(Codec.instant(Codec.micros(t))).isEqualTo(Instant.parse("2030-01-01T00:00:00.123456Z"));
        assertThat(Codec.instant(Codec.micros(Instant.parse("1969-12-31T23:59:59.5Z"))))
                .isEqualTo(Instant.parse("1969-12-31T23:59:59.5Z"));
    }

    @Test
    void jobRef_isTheQueueAndTheNumber_splitAtTheLastColon() {
        assertThat(JobRef.parse(JobId.of("mail:42"))).contains(new JobRef("mail", 42));
        assertThat(JobRef.parse(JobId.of("app:mail:7"))).contains(new JobRef("app:mail", 7));
        assertThat(new JobRef("app:mail", 7).id()).isEqualTo(JobId.of("app:mail:7"));
        assertThat(JobRef.parse(JobId.of("42"))).isEmpty();
        assertThat(JobRef.parse(JobId.of("mail:-1"))).isEmpty();
        assertThat(JobRef.parse(JobId.of("ma{il}:1"))).isEmpty();
    }
}
