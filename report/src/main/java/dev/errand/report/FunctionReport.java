package dev.errand.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the log says about one job function over the whole window, plus its trend (one point per bucket).
 *
 * @param fn               the job name ({@code fn})
 * @param attempts         timing lines for it
 * @param ok               succeeded attempts
 * @param retry            attempts that failed and will retry
 * @param dead             attempts that failed for good
 * @param first            the earliest attempt start
 * @param last             the latest attempt start
 * @param lastReady        the latest ready time (start − delay) among the attempts
 * @param delay            delay percentiles (µs)
 * @param process          process percentiles (µs)
 * @param processSumMicros all process times added up (µs)
 * @param distinctWorkers  different {@code worker} values seen
 * @param trend            one point per bucket, on the time axis shared by all functions
 * @param unknownDelay     attempts logged with {@code delay_ms=unknown} (Gearman jobs submitted by non-Errand
 *                         clients): counted in the attempts, throughput and process time, left out of the delay
 *                         percentiles, the ready times and the verdict
 */
public record FunctionReport(
        String fn,
        long attempts,
        long ok,
        long retry,
        long dead,
        Instant first,
        Instant last,
        Instant lastReady,
        Percentiles delay,
        Percentiles process,
        long processSumMicros,
        int distinctWorkers,
        List<TrendPoint> trend,
        long unknownDelay) {

    public FunctionReport {
        trend = List.copyOf(trend);
    }

    /** Attempts whose delay was known: those behind {@link #delay()} and the verdict on capacity. */
    public long delayKnownAttempts() {
        return attempts - unknownDelay;
    }

    public Duration window() {
        return Duration.between(first, last);
    }

    /** Attempts per second over the function's own window (0 when it has a single instant). */
    public double throughput() {
        double seconds = window().toMillis() / 1000.0;
        return seconds <= 0 ? 0 : attempts / seconds;
    }

    public double retryRate() {
        return attempts == 0 ? 0 : (double) retry / attempts;
    }

    public double deadRate() {
        return attempts == 0 ? 0 : (double) dead / attempts;
    }

    /** Average attempts running at once over the window. */
    public double busyWorkers() {
        double seconds = window().toMillis() / 1000.0;
        return seconds <= 0 ? 0 : processSumMicros / 1e6 / seconds;
    }
}
