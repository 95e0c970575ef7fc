package dev.errand.report;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;

/**
 * The plain-text report for a terminal: what was read, then per function its figures, its trend (one row
 * per bucket) and its verdict, and at the end a summary of all verdicts.
 */
public final class TextReport {
    private static final int WIDTH = 100;

    private TextReport() {}

    public static void write(Report report, PrintWriter out) {
        Analysis a = report.analysis();
        boolean withDate = report.multiDay();
        out.println("errand report: " + header(a));
        out.println("window " + Format.clock(a.first(), report.zone(), true) + " → "
                + Format.clock(a.last(), report.zone(), withDate) + " " + zoneName(report) + " ("
                + Format.span(a.window()) + "), trend in " + Format.span(a.bucketWidth()) + " buckets"
                + widened(a));
        out.println("thresholds: delay p95 " + Format.micros(report.thresholds().maxDelayMicros()) + ", retry "
                + Format.percent(report.thresholds().maxRetryRate()) + ", dead "
                + Format.percent(report.thresholds().maxDeadRate())
                + ", slowdown ×" + Format.decimal(report.thresholds().slowdown()));
        for (FunctionReport f : a.functions()) {
            out.println();
            function(report, f, withDate, out);
        }
        out.println();
        out.println("Summary");
        for (Verdict v : report.verdicts()) {
            wrap(out, String.format(Locale.ROOT, "  %-16s", v.kind()), v.text());
        }
        out.flush();
    }

    static String header(Analysis a) {
        String sources = a.sources().size() == 1
                ? (a.sources().get(0).equals("-")
                        ? "standard input"
                        : a.sources().get(0))
                : a.sources().size() + " files";
        String s = sources + ", " + Format.count(a.lines()) + (a.lines() == 1 ? " line: " : " lines: ")
                + Format.count(a.timingLines()) + (a.timingLines() == 1 ? " timing line" : " timing lines");
        if (a.skippedLines() > 0) {
            s += ", " + Format.count(a.skippedLines()) + " skipped (" + Format.count(a.foreignLines())
                    + " not timing lines, " + Format.count(a.malformedLines()) + " malformed)";
        }
        if (a.unknownDelayAttempts() > 0) {
            s += "; " + CapacityAdvisor.unknownDelay(a.unknownDelayAttempts());
        }
        return s;
    }

    /** The delay percentiles, and how many attempts they leave out because their delay was unknown. */
    static String delay(FunctionReport f, java.util.function.Function<Percentiles, String> percentiles) {
        if (f.unknownDelay() == 0) {
            return percentiles.apply(f.delay());
        }
        String unknown = CapacityAdvisor.unknownDelay(f.unknownDelay());
        return f.delayKnownAttempts() == 0 ? unknown : percentiles.apply(f.delay()) + "; " + unknown;
    }

    static String zoneName(Report report) {
        return report.zone().getId().equals("Z") ? "UTC" : report.zone().getId();
    }

    static String widened(Analysis a) {
        if (a.requestedBucketWidth() != null && !a.requestedBucketWidth().equals(a.bucketWidth())) {
            return " (--bucket " + Format.span(a.requestedBucketWidth()) + " would need too many buckets)";
        }
        return "";
    }

    private static void function(Report report, FunctionReport f, boolean withDate, PrintWriter out) {
        Verdict v = report.verdict(f.fn());
        out.println(f.fn());
        out.printf(
                Locale.ROOT,
                "  attempts  %s (ok %s, retry %s, dead %s), throughput %s%n",
                Format.count(f.attempts()),
                Format.count(f.ok()),
                Format.count(f.retry()),
                Format.count(f.dead()),
                Format.jobsRate(f.throughput()));
        out.println("  delay     " + delay(f, TextReport::percentiles));
        out.println("  process   " + percentiles(f.process()));
        out.println("  window    " + Format.clock(f.first(), report.zone(), withDate) + " → "
                + Format.clock(f.last(), report.zone(), withDate) + " (" + Format.span(f.window()) + "), "
                + f.distinctWorkers() + (f.distinctWorkers() == 1 ? " distinct worker, " : " distinct workers, ")
                + Format.decimal(f.busyWorkers()) + " busy on average");
        out.printf(
                Locale.ROOT,
                "  trend     %-" + (withDate ? 19 : 8) + "s %9s %8s %9s %9s %9s %9s %9s %6s%n",
                "start",
                "attempts",
                "jobs/s",
                "arrived/s",
                "delay p50",
                "delay p95",
                "proc p50",
                "proc p95",
                "busy");
        for (TrendPoint p : f.trend()) {
            Instant t = p.start();
            if (!p.hasAttempts() && p.arrivals() == 0) {
                continue;
            }
            out.printf(
                    Locale.ROOT,
                    "            %-" + (withDate ? 19 : 8) + "s %9s %8s %9s %9s %9s %9s %9s %6s%n",
                    Format.clockSeconds(t, report.zone(), withDate),
                    Format.count(p.attempts()),
                    Format.rate(p.throughput()),
                    p.arrivalsKnown() ? Format.rate(p.arrivalRate()) : "-",
                    p.hasAttempts() ? Format.micros(p.delayP50()) : "-",
                    p.hasAttempts() ? Format.micros(p.delayP95()) : "-",
                    p.hasAttempts() ? Format.micros(p.processP50()) : "-",
                    p.hasAttempts() ? Format.micros(p.processP95()) : "-",
                    Format.decimal(p.busyWorkers()));
        }
        wrap(out, "  verdict   ", v.kind() + ": " + String.join(" ", v.findings()));
    }

    private static String percentiles(Percentiles p) {
        return String.format(
                Locale.ROOT,
                "p50 %-9s p95 %-9s p99 %-9s max %s",
                Format.micros(p.p50()),
                Format.micros(p.p95()),
                Format.micros(p.p99()),
                Format.micros(p.max()));
    }

    /** Writes {@code text} after {@code lead}, wrapped at {@value #WIDTH} columns and indented under itself. */
    static void wrap(PrintWriter out, String lead, String text) {
        String indent = " ".repeat(lead.length());
        StringBuilder line = new StringBuilder(lead);
        int used = lead.length();
        boolean first = true;
        for (String word : text.split(" ")) {
            if (!first && used + 1 + word.length() > WIDTH) {
                out.println(line);
                line.setLength(0);
                line.append(indent).append(word);
                used = indent.length() + word.length();
            } else {
                if (!first) {
                    line.append(' ');
                    used++;
                }
                line.append(word);
                used += word.length();
            }
            first = false;
        }
        out.println(line);
    }
}
