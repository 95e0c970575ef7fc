package dev.errand.report;

import org.HdrHistogram.AbstractHistogram;

/**
 * Percentiles of a time, in microseconds, as HdrHistogram reports them (values within the histogram's
 * precision: 3 significant digits for whole-window figures).
 */
public record Percentiles(long p50, long p95, long p99, long max, double mean) {

    static final Percentiles NONE = new Percentiles(0, 0, 0, 0, 0);

    static Percentiles of(AbstractHistogram h) {
        if (h.getTotalCount() == 0) {
            return NONE;
        }
        return new Percentiles(
                h.getValueAtPercentile(50),
                h.getValueAtPercentile(95),
                h.getValueAtPercentile(99),
                h.getMaxValue(),
                h.getMean());
    }
}
