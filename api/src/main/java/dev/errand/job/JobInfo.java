package dev.errand.job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a backend knows about a job: returned by {@code Errand.job(JobId)}.
 *
 * @param errors every failed attempt, oldest first
 * @param headers the headers stored with the job; empty on a backend without {@code Capability.HEADERS}
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
        List<JobError> errors,
        JobHeaders headers) {

    public JobInfo {
        errors = List.copyOf(errors);
        java.util.Objects.requireNonNull(headers, "headers == null");
    }

    /** A job without headers. */
    public JobInfo(
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
        this(
                id,
                name,
                queue,
                state,
                attempt,
                maxAttempts,
                priority,
                enqueuedAt,
                runAt,
                finishedAt,
                uniqueKey,
                errors,
                JobHeaders.empty());
    }

    /** This job with these errors. */
    public JobInfo withErrors(List<JobError> errors) {
        return new JobInfo(
                id,
                name,
                queue,
                state,
                attempt,
                maxAttempts,
                priority,
                enqueuedAt,
                runAt,
                finishedAt,
                uniqueKey,
                errors,
                headers);
    }

    /** The most recent error, if any attempt failed. */
    public Optional<JobError> lastError() {
        return errors.isEmpty() ? Optional.empty() : Optional.of(errors.get(errors.size() - 1));
    }
}
