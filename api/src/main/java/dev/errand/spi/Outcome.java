package dev.errand.spi;

import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.job.JobState;
import java.util.Objects;

/**
 * How a job ended, as delivered to {@code submit()}/{@code call()} callers.
 *
 * @param state  {@code SUCCEEDED}, {@code DEAD} or {@code CANCELLED}
 * @param result the encoded result for {@code SUCCEEDED} (null for void jobs)
 * @param error  the last error for {@code DEAD}, otherwise null
 */
public record Outcome(JobId id, JobState state, byte[] result, JobError error) {
    public Outcome {
        Objects.requireNonNull(id, "id == null");
        Objects.requireNonNull(state, "state == null");
        if (!state.isFinal()) {
            throw new IllegalArgumentException("an outcome needs a final state, not " + state);
        }
    }

    public static Outcome succeeded(JobId id, byte[] result) {
        return new Outcome(id, JobState.SUCCEEDED, result, null);
    }

    public static Outcome dead(JobId id, JobError error) {
        return new Outcome(id, JobState.DEAD, null, error);
    }

    public static Outcome cancelled(JobId id) {
        return new Outcome(id, JobState.CANCELLED, null, null);
    }
}
