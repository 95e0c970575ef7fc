package dev.errand.spi;

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
        String uniqueKey) {

    public NewJob {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(queue, "queue == null");
        Objects.requireNonNull(payload, "payload == null");
        Objects.requireNonNull(fingerprint, "fingerprint == null");
        Objects.requireNonNull(timeout, "timeout == null");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt == null");
        Objects.requireNonNull(runAt, "runAt == null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1 but was " + maxAttempts);
        }
    }

    /** True when the job must wait for {@code runAt} at time {@code now}. */
    public boolean isScheduledAt(Instant now) {
        return runAt.isAfter(now);
    }
}
