package dev.errand.report;

import java.time.Duration;

/**
 * When the report calls a function unhealthy.
 *
 * @param maxDelay     a bucket whose delay p95 exceeds this is saturated ({@code --max-delay}, default 5 s)
 * @param maxRetryRate the share of attempts with {@code status=retry} above which a function is failing (default 5 %)
 * @param maxDeadRate  the share of attempts with {@code status=dead} above which a function is failing (default 1 %)
 * @param slowdown     process p50 this many times its early level means the job got slower (default 2)
 */
public record Thresholds(Duration maxDelay, double maxRetryRate, double maxDeadRate, double slowdown) {

    public static final Thresholds DEFAULTS = new Thresholds(Duration.ofSeconds(5), 0.05, 0.01, 2.0);

    public Thresholds {
        if (maxDelay == null || maxDelay.isNegative() || maxDelay.isZero()) {
            throw new IllegalArgumentException("maxDelay must be positive but was " + maxDelay);
        }
        if (!(maxRetryRate >= 0 && maxRetryRate <= 1)) {
            throw new IllegalArgumentException("maxRetryRate must be between 0 and 1 but was " + maxRetryRate);
        }
        if (!(maxDeadRate >= 0 && maxDeadRate <= 1)) {
            throw new IllegalArgumentException("maxDeadRate must be between 0 and 1 but was " + maxDeadRate);
        }
        if (!(slowdown > 1)) {
            throw new IllegalArgumentException("slowdown must be > 1 but was " + slowdown);
        }
    }

    long maxDelayMicros() {
        return maxDelay.toNanos() / 1000;
    }
}
