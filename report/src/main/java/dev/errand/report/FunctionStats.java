package dev.errand.report;

import java.time.Instant;
import java.util.BitSet;
import org.HdrHistogram.Histogram;

/**
 * Everything the report needs about one job function, accumulated line by line: counts by status,
 * delay and process histograms in microseconds (3 significant digits, resizing to the largest value seen),
 * the first and last start, the workers seen, and its {@link TrendBuckets}. Its size does not depend on
 * the number of lines.
 */
final class FunctionStats {
    static final int DIGITS = 3;

    final String fn;
    final TrendBuckets trend;
    long attempts;
    long ok;
    long retry;
    long dead;
    long processMicrosSum;
    long firstMillis = Long.MAX_VALUE;
    long lastMillis = Long.MIN_VALUE;
    long maxReadyMillis = Long.MIN_VALUE;
    long earlyArrivals;
    /** Attempts with {@code delay_ms=unknown}: in the counts and process time, not in delay, ready times or arrivals. */
    long unknownDelay;

    final Histogram delay = new Histogram(DIGITS);
    final Histogram process = new Histogram(DIGITS);
    final BitSet workers = new BitSet();

    FunctionStats(String fn, BucketGrid grid) {
        this.fn = fn;
        this.trend = new TrendBuckets(grid);
    }

    /**
     * Records one attempt; {@code slot} is the bucket of its start, {@code readySlot} of its ready time
     * (-1 when that lies too far before the covered span: counted in {@link #earlyArrivals}, or unknown).
     */
    void record(TimingRecord r, int workerId, int slot, int readySlot) {
        attempts++;
        switch (r.status) {
            case OK -> ok++;
            case RETRY -> retry++;
            case DEAD -> dead++;
        }
        process.recordValue(r.processMicros);
        processMicrosSum += r.processMicros;
        long ts = r.epochMillis;
        firstMillis = Math.min(firstMillis, ts);
        lastMillis = Math.max(lastMillis, ts);
        if (workerId >= 0) {
            workers.set(workerId);
        }
        trend.at(slot).record(r, workerId);
        if (!r.delayKnown) {
            unknownDelay++;
            return;
        }
        delay.recordValue(r.delayMicros);
        maxReadyMillis = Math.max(maxReadyMillis, ts - r.delayMicros / 1000);
        if (readySlot >= 0) {
            trend.at(readySlot).arrivals++;
        } else {
            earlyArrivals++;
        }
    }

    FunctionReport report(long windowFirst, long windowLast) {
        return new FunctionReport(
                fn,
                attempts,
                ok,
                retry,
                dead,
                Instant.ofEpochMilli(firstMillis),
                Instant.ofEpochMilli(lastMillis),
                Instant.ofEpochMilli(maxReadyMillis == Long.MIN_VALUE ? firstMillis : maxReadyMillis),
                Percentiles.of(delay),
                Percentiles.of(process),
                processMicrosSum,
                workers.cardinality(),
                trend.points(windowFirst, windowLast, maxReadyMillis),
                unknownDelay);
    }
}
