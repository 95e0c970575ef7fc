package dev.errand;

import dev.errand.job.JobId;
import java.util.Optional;

/**
 * The outcome of one job in {@link JobFuture#settleAll}: its value, or the failure it ended with.
 */
public record Settled<R>(JobId id, R value, RuntimeException failure) {

    public boolean succeeded() {
        return failure == null;
    }

    public Optional<RuntimeException> error() {
        return Optional.ofNullable(failure);
    }

    /** The value, or the failure rethrown. */
    public R get() {
        if (failure != null) {
            throw failure;
        }
        return value;
    }
}
