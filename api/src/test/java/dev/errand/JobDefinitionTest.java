package dev.errand;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.job.JobDefinition;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobDefinitionTest {

    @Test
    void builder_startsFromTheDefaultsOfJob() throws Exception {
        JobDefinition<Void> plain =
                JobDefinition.<Void>builder("Plain.run", Object.class, "run").build();

        assertThat(plain.queue())
                .isEqualTo(Job.class.getMethod("queue").getDefaultValue())
                .isEqualTo("default");
        assertThat(plain.priority())
                .isEqualTo(Job.class.getMethod("priority").getDefaultValue())
                .isEqualTo(0);
        assertThat(plain.maxAttempts())
                .isEqualTo(Job.class.getMethod("maxAttempts").getDefaultValue())
                .isEqualTo(5);
        assertThat(Job.class.getMethod("timeout").getDefaultValue()).isEqualTo("5m");
        assertThat(plain.timeout()).isEqualTo(Duration.ofMinutes(5));
    }
}
