package dev.errand.bench;

import dev.errand.report.Analysis;
import dev.errand.report.LogAnalyzer;
import dev.errand.report.LogInput;
import dev.errand.report.Report;
import dev.errand.report.TextReport;
import dev.errand.report.Thresholds;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code errand report} on a generated timing log: the whole analysis (read, parse, bucket,
 * verdicts, text report) through the manager's public classes, timed in lines per second.
 * The log has the worker's exact line format: 12 job functions, 48 workers, six hours.
 */
final class ReportScenario {
    private static final String[] FUNCTIONS = {
        "BookmarkService.fetchSummary",
        "BookmarkService.extractKeywords",
        "BookmarkService.categorize",
        "MailService.send",
        "MailService.bounce",
        "ImageService.thumbnail",
        "ImageService.ocr",
        "ReportService.render",
        "BillingService.charge",
        "BillingService.refund",
        "SearchService.reindex",
        "AuditService.archive"
    };

    private ReportScenario() {}

    static Row run(int lines, int runs, PrintStream progress) {
        Path file;
        try {
            file = Files.createTempFile("errand-bench-report-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            generate(file, lines);
            List<double[]> results = new ArrayList<>();
            for (int run = 1; run <= Math.max(2, runs); run++) {
                Allocation a0 = Allocation.snapshot();
                long t0 = System.nanoTime();
                Analysis analysis = analyse(file);
                double seconds = (System.nanoTime() - t0) / 1e9;
                long allocated = Allocation.snapshot().since(a0);
                if (analysis.timingLines() != lines) {
                    throw new IllegalStateException(
                            "errand report read " + analysis.timingLines() + " timing lines of " + lines);
                }
                progress.printf(Locale.ROOT, "[report] run %d: %,.0f lines/s%n", run, lines / seconds);
                results.add(new double[] {lines / seconds, (double) allocated / lines});
            }
            double first = results.get(0)[0];
            List<double[]> warm = new ArrayList<>(results.subList(1, results.size()));
            warm.sort(Comparator.comparingDouble(r -> r[0]));
            double[] median = warm.get(warm.size() / 2);
            return new Row(
                    "-",
                    "errand report (parse + analyse)",
                    lines,
                    0,
                    "-",
                    median[0],
                    null,
                    Double.NaN,
                    median[1],
                    String.format(
                            Locale.ROOT,
                            "lines/s, median of %d warm runs (first run %,.0f); alloc per line; %.0f MB log",
                            warm.size(),
                            first,
                            sizeMb(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
        }
    }

    private static Analysis analyse(Path file) throws IOException {
        LogAnalyzer analyzer = LogAnalyzer.autoBuckets();
        try (InputStream in = LogInput.open(file)) {
            analyzer.read(in, file.toString());
        }
        Analysis analysis = analyzer.finish();
        TextReport.write(
                Report.of(analysis, Thresholds.DEFAULTS, ZoneOffset.UTC), new PrintWriter(Writer.nullWriter()));
        return analysis;
    }

    private static double sizeMb(Path file) throws IOException {
        return Files.size(file) / 1e6;
    }

    /** Lines as the worker writes them: arrivals over six hours, per-function process times, a few retries. */
    private static void generate(Path file, int lines) throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        long start = Instant.parse("2026-11-28T08:00:00Z").toEpochMilli();
        long span = 6 * 3_600_000L;
        DateTimeFormatter iso = DateTimeFormatter.ISO_INSTANT;
        StringBuilder b = new StringBuilder(256);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                long ts = start + (long) i * span / lines + random.nextInt(0, 500);
                int fn = random.nextInt(FUNCTIONS.length);
                int r = random.nextInt(100);
                String status = r < 2 ? "retry" : r < 3 ? "dead" : "ok";
                b.setLength(0);
                b.append("ts=");
                iso.formatTo(Instant.ofEpochMilli(ts), b);
                b.append(" fn=")
                        .append(FUNCTIONS[fn])
                        .append(" id=")
                        .append(i + 1)
                        .append(" queue=q")
                        .append(fn % 3)
                        .append(" attempt=")
                        .append(status.equals("ok") ? 1 : 2)
                        .append(" status=")
                        .append(status)
                        .append(" delay_ms=");
                millis(b, random.nextLong(30_000_000L));
                b.append(" process_ms=");
                millis(b, (long) ((20 + fn * 15) * (0.5 + random.nextDouble()) * 1_000_000));
                b.append(" backend=jdbc worker=host-")
                        .append(random.nextInt(6))
                        .append(":4711:w")
                        .append(random.nextInt(8))
                        .append('\n');
                w.append(b);
            }
        }
    }

    private static void millis(StringBuilder b, long nanos) {
        long micros = nanos / 1000;
        b.append(micros / 1000).append('.');
        long frac = micros % 1000;
        if (frac < 100) {
            b.append('0');
        }
        if (frac < 10) {
            b.append('0');
        }
        b.append(frac);
    }
}
