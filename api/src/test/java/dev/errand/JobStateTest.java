package dev.errand;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.job.JobState;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class JobStateTest {

    @Test
    void finalStates_areLeftOnlyByAnOperatorsRetry_andEveryOtherStateHasAWayOut() {
        for (JobState s : JobState.values()) {
            assertThat(s.next().isEmpty()).as("no way out of " + s).isEqualTo(s == JobState.SUCCEEDED);
        }
        assertThat(JobState.SUCCEEDED.next()).isEmpty();
        assertThat(JobState.DEAD.next()).containsExactly(JobState.AVAILABLE);
        assertThat(JobState.CANCELLED.next()).containsExactly(JobState.AVAILABLE);
    }

    @Test
    void everyStateIsReachableFromEnqueue() {
        EnumSet<JobState> seen = EnumSet.of(JobState.AVAILABLE, JobState.SCHEDULED);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (JobState s : EnumSet.copyOf(seen)) {
                grew |= seen.addAll(s.next());
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(JobState.values());
    }

    @Test
    void theTableMatchesTheDocumentedTransitions() {
        assertThat(JobState.RUNNING.next())
                .containsExactlyInAnyOrder(JobState.SUCCEEDED, JobState.RETRYABLE, JobState.AVAILABLE, JobState.DEAD);
        assertThat(JobState.AVAILABLE.canMoveTo(JobState.RUNNING)).isTrue();
        assertThat(JobState.RUNNING.canMoveTo(JobState.CANCELLED)).isFalse();
        assertThat(JobState.SUCCEEDED.canMoveTo(JobState.AVAILABLE)).isFalse();
    }
}
