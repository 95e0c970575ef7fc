package dev.errand.job;

import java.util.Objects;

/** The identity a backend gave a job when it was enqueued. */
public record JobId(String value) {
    public JobId {
        Objects.requireNonNull(value, "value == null");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("job id must not be empty");
        }
    }

    public static JobId of(String value) {
        return new JobId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
