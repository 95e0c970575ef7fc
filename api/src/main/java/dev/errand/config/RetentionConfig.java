package dev.errand.config;

import dev.errand.job.JobState;
import java.time.Duration;
import java.util.Objects;

/**
 * How long a backend keeps finished jobs, read from three keys under one prefix (for example
 * {@code errand.jdbc.retention}): {@code <prefix>.succeeded} for jobs that succeeded,
 * {@code <prefix>.failed} for jobs that ended dead or cancelled, and {@code <prefix>} itself as a
 * shorthand that sets both; a key for one kind wins over the shorthand. Declared and read by
 * {@link RetentionKeys}.
 *
 * @param succeeded how long a succeeded job (and its result) is kept after it finished
 * @param failed    how long a dead or cancelled job (and its errors) is kept after it finished
 * @param key       the shorthand key, e.g. {@code errand.jdbc.retention}; the other two add {@code .succeeded} and {@code .failed}
 */
public record RetentionConfig(Duration succeeded, Duration failed, String key) {

    public RetentionConfig {
        Objects.requireNonNull(succeeded, "succeeded == null");
        Objects.requireNonNull(failed, "failed == null");
        Objects.requireNonNull(key, "key == null");
    }

    public static String succeededKey(String key) {
        return key + ".succeeded";
    }

    public static String failedKey(String key) {
        return key + ".failed";
    }

    /** How long a job that finished in {@code state} is kept: {@link #succeeded} or {@link #failed}. */
    public Duration of(JobState state) {
        return switch (state) {
            case SUCCEEDED -> succeeded;
            case DEAD, CANCELLED -> failed;
            default -> throw new IllegalArgumentException(state + " is not a finished state");
        };
    }

    /** The key that sets the retention of a job finished in {@code state}, for messages. */
    public String keyOf(JobState state) {
        return state == JobState.SUCCEEDED ? succeededKey(key) : failedKey(key);
    }

    /** For messages: {@code 1d for succeeded jobs, 7d for dead and cancelled ones}. */
    @Override
    public String toString() {
        return Durations.format(succeeded) + " for succeeded jobs (" + succeededKey(key) + "), "
                + Durations.format(failed) + " for dead and cancelled ones (" + failedKey(key) + ")";
    }
}
