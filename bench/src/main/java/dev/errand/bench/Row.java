package dev.errand.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * One line of the result table.
 *
 * @param backend    memory, postgres, redis, ... ({@code -} for rows about no backend)
 * @param scenario   what was measured, e.g. {@code drain burst}
 * @param n          how many jobs (or lines, or calls) the figure covers
 * @param workers    job threads of the worker, 0 when no worker ran
 * @param timing     {@code off} or {@code file}: whether the timing log was written, {@code -} when no job ran
 * @param perSecond  jobs (lines, calls) per second, NaN when not a throughput figure
 * @param latency    nanoseconds per sample (what a sample is depends on the scenario), or null
 * @param roundTrips database statements and commits, or Redis commands, per job; NaN when not counted
 * @param allocBytes bytes allocated in this JVM per job (every thread); NaN when not measured
 * @param note       what the latency is of, and anything worth knowing about the run
 */
record Row(
        String backend,
        String scenario,
        long n,
        int workers,
        String timing,
        double perSecond,
        Histogram latency,
        double roundTrips,
        double allocBytes,
        String note) {

    Row {
        note = tidy(note);
    }

    /** Joins the parts of a note that are not blank: scenarios append optional parts with "; ". */
    private static String tidy(String note) {
        if (note == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (String part : note.split(";")) {
            String p = part.trim();
            if (!p.isEmpty()) {
                b.append(b.length() == 0 ? "" : "; ").append(p);
            }
        }
        return b.toString();
    }

    static final String[] HEADER = {
        "backend",
        "scenario",
        "N",
        "workers",
        "timing",
        "jobs/s",
        "p50",
        "p90",
        "p99",
        "max",
        "round trips/job",
        "alloc/job",
        "note"
    };

    Row withNote(String more) {
        String joined = note == null || note.isEmpty() ? more : note + "; " + more;
        return new Row(backend, scenario, n, workers, timing, perSecond, latency, roundTrips, allocBytes, joined);
    }

    String[] cells() {
        return new String[] {
            backend,
            scenario,
            String.format(Locale.ROOT, "%,d", n),
            workers == 0 ? "-" : Integer.toString(workers),
            timing,
            Double.isNaN(perSecond) ? "-" : String.format(Locale.ROOT, "%,.0f", perSecond),
            percentile(50),
            percentile(90),
            percentile(99),
            latency == null || latency.getTotalCount() == 0 ? "-" : duration(latency.getMaxValue()),
            Double.isNaN(roundTrips) ? "-" : Meter.perJob(roundTrips),
            Double.isNaN(allocBytes) ? "-" : bytes(allocBytes),
            note == null ? "" : note,
        };
    }

    private String percentile(double p) {
        if (latency == null || latency.getTotalCount() == 0) {
            return "-";
        }
        return duration(latency.getValueAtPercentile(p));
    }

    /** A duration given in nanoseconds, in the unit that keeps 2-4 significant digits. */
    static String duration(long nanos) {
        if (nanos < 10_000) {
            return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
        }
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
        }
        if (nanos < 10_000_000) {
            return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
        }
        if (nanos < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    static String bytes(double b) {
        if (b < 10_000) {
            return String.format(Locale.ROOT, "%.0f B", b);
        }
        return String.format(Locale.ROOT, "%.1f kB", b / 1e3);
    }
}
