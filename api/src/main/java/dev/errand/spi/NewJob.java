package dev.errand.spi;

import dev.errand.job.JobHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A job as the client hands it to a backend.
 *
 * @param name        the job name ({@code JobDefinition.name()})
 * @param payload     the encoded arguments
 * @param fingerprint the signature fingerprint of the producer's build
 * @param enqueuedAt  when the client enqueued it
 * @param runAt       when it may first run; equal to {@code enqueuedAt} when not delayed
 * @param uniqueKey   null, or a key no other queued or running job of the same name may hold
 * @param headers     stored with the job and handed back on claim, by backends with {@code Capability.HEADERS}
 */
public record NewJob(
        String name,
        String queue,
        int priority,
        byte[] payload,
        String fingerprint,
        int maxAttempts,
        Duration timeout,
        Instant enqueuedAt,
        Instant runAt,
        String uniqueKey,
        JobHeaders headers) {

    /** A job without headers. */
    public NewJob(
            String name,
            String queue,
            int priority,
            byte[] payload,
            String fingerprint,
            int maxAttempts,
            Duration timeout,
            Instant enqueuedAt,
            Instant runAt,
            String uniqueKey) {
        this(
                name,
                queue,
                priority,
                payload,
                fingerprint,
                maxAttempts,
                timeout,
                enqueuedAt,
                runAt,
                uniqueKey,
                JobHeaders.empty());
    }

    public NewJob {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(queue, "queue == null");
        Objects.requireNonNull(payload, "payload == null");
        Objects.requireNonNull(fingerprint, "fingerprint == null");
        Objects.requireNonNull(timeout, "timeout == null");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt == null");
        Objects.requireNonNull(runAt, "runAt == null");
        Objects.requireNonNull(headers, "headers == null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1 but was " + maxAttempts);
        }
    }

    /** This job with other headers. */
    public NewJob withHeaders(JobHeaders headers) {
        return new NewJob(
                name,
                queue,
                priority,
                payload,
                fingerprint,
                maxAttempts,
                timeout,
                enqueuedAt,
                runAt,
                uniqueKey,
                headers);
    }

    /** True when the job must wait for {@code runAt} at time {@code now}. */
    public boolean isScheduledAt(Instant now) {
        return runAt.isAfter(now);
    }
}
