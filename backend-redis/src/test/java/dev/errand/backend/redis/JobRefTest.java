package dev.errand.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.job.JobId;
import org.junit.jupiter.api.Test;

class JobRefTest {

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
