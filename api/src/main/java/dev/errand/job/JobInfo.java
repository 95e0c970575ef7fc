package dev.errand.job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a backend knows about a job: returned by {@code Errand.job(JobId)}.
 *
 * @param errors every failed attempt, oldest first
 */
public record JobInfo(
        JobId id,
        String name,
        String queue,
        JobState state,
        int attempt,
        int maxAttempts,
        int priority,
        Instant enqueuedAt,
        Instant runAt,
        Optional<Instant> finishedAt,
        Optional<String> uniqueKey,
        List<JobError> errors) {

    public JobInfo {
        errors = List.copyOf(errors);
    }

    /** The most recent error, if any attempt failed. */
    public Optional<JobError> lastError() {
        return errors.isEmpty() ? Optional.empty() : Optional.of(errors.get(errors.size() - 1));
    }
}
