package dev.errand.report;

import java.time.Duration;
import java.time.Instant;
import org.HdrHistogram.AbstractHistogram;

/**
 * One function in one time bucket. Times are microseconds (percentiles to two significant digits, ±1 %); rates are per second of the part of the bucket
 * that the log covers ({@code seconds}). A bucket without attempts has zero percentiles; so have the delay
 * percentiles of a bucket whose attempts' delays were all unknown ({@code delay_ms=unknown}).
 *
 * @param start           the bucket's start
 * @param width           the bucket width
 * @param seconds         the covered part of the bucket, in seconds (at most the width)
 * @param attempts        attempts that started in the bucket
 * @param ok              of those, succeeded
 * @param retry           of those, failed and will retry
 * @param dead            of those, failed for good
 * @param arrivals        attempts whose job became ready to run in the bucket (ts − delay)
 * @param arrivalSeconds  the part of the bucket, in seconds, up to the last ready time in the log: later
 *                        arrivals are not known yet (those jobs had not started when the log ends); 0 = none
 * @param delayP50        delay percentiles (µs)
 * @param delayP95        delay p95 (µs)
 * @param delayP99        delay p99 (µs)
 * @param delayMax        delay max (µs)
 * @param processP50      process percentiles (µs)
 * @param processP95      process p95 (µs)
 * @param processP99      process p99 (µs)
 * @param processSumMicros the process time of all attempts, summed (µs)
 * @param distinctWorkers how many different {@code worker} values ran attempts in the bucket
 */
public record TrendPoint(
        Instant start,
        Duration width,
        double seconds,
        long attempts,
        long ok,
        long retry,
        long dead,
        long arrivals,
        double arrivalSeconds,
        long delayP50,
        long delayP95,
        long delayP99,
        long delayMax,
        long processP50,
        long processP95,
        long processP99,
        long processSumMicros,
        int distinctWorkers) {

    static TrendPoint of(Instant start, Duration width, double seconds, double arrivalSeconds, Bucket b) {
        if (b == null) {
            return new TrendPoint(start, width, seconds, 0, 0, 0, 0, 0, arrivalSeconds, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        AbstractHistogram d = b.delay;
        AbstractHistogram p = b.process;
        boolean any = p != null && p.getTotalCount() > 0;
        boolean anyDelay = d != null && d.getTotalCount() > 0; // none when every delay was unknown
        return new TrendPoint(
                start,
                width,
                seconds,
                b.attempts,
                b.ok,
                b.retry,
                b.dead,
                b.arrivals,
                arrivalSeconds,
                anyDelay ? at(d, 50) : 0,
                anyDelay ? at(d, 95) : 0,
                anyDelay ? at(d, 99) : 0,
                anyDelay ? d.getMaxValue() : 0,
                any ? at(p, 50) : 0,
                any ? at(p, 95) : 0,
                any ? at(p, 99) : 0,
                b.processMicrosSum,
                b.workers.cardinality());
    }

    /** The middle of the histogram bucket holding the percentile (at 2 digits: 300 ms, not its upper edge 301 ms). */
    private static long at(AbstractHistogram h, double percentile) {
        return h.medianEquivalentValue(h.getValueAtPercentile(percentile));
    }

    public boolean hasAttempts() {
        return attempts > 0;
    }

    /** Attempts started per second. */
    public double throughput() {
        return attempts / seconds;
    }

    /**
     * Jobs that became ready to run per second: the load offered to the workers. {@code NaN} for a bucket
     * after the last ready time in the log, whose arrivals are unknown (those jobs had not started yet).
     */
    public double arrivalRate() {
        return arrivalSeconds <= 0 ? Double.NaN : arrivals / arrivalSeconds;
    }

    public boolean arrivalsKnown() {
        return arrivalSeconds > 0;
    }

    /** Average number of attempts running at once (sum of process times / covered time). */
    public double busyWorkers() {
        return processSumMicros / 1e6 / seconds;
    }

    /** Mean process time (µs), 0 without attempts. */
    public double processMeanMicros() {
        return attempts == 0 ? 0 : (double) processSumMicros / attempts;
    }

    public Instant end() {
        return start.plus(width);
    }
}
