package dev.errand.worker;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a failed attempt waits before the next one. The default is exponential with jitter:
 * {@code base * 2^(attempt-1)}, capped, then spread by ±20% so that jobs that failed together do
 * not all retry at the same instant.
 */
@FunctionalInterface
public interface RetryPolicy {

    /**
     * The wait before the next attempt, after {@code attempt} (from 1) failed with {@code error}.
     * A negative result is a bug in the policy: the worker logs it and uses the default instead.
     */
    Duration backoff(int attempt, Throwable error);

    static RetryPolicy exponential(Duration base, Duration max) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException(
                    "exponential backoff needs 0 < base <= max, got base " + base + ", max " + max);
        }
        return (attempt, error) -> {
            int shift = Math.min(Math.max(attempt - 1, 0), 30);
            long nanos = base.toNanos() << shift;
            long capped = nanos <= 0 || nanos > max.toNanos() ? max.toNanos() : nanos;
            double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
            return Duration.ofNanos((long) (capped * jitter));
        };
    }

    /** No wait at all: used by the inline testing mode. */
    static RetryPolicy immediate() {
        return (attempt, error) -> Duration.ZERO;
    }
}
