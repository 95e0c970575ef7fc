package dev.errand.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * A measurement, not a test: writes a timing log of {@code N} lines (default 2,000,000; 12 job functions,
 * 48 workers on 6 hosts, 6 hours, 1 in 20 lines behind a Logback-style prefix) to a temporary file, plain and
 * gzip, then times the whole analysis (read, parse, bucket, verdicts, text report) and prints lines per
 * second and the heap it used. Run it with
 * <pre>
 * mvn -q -pl report test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 * java -Xmx64m -cp "report/target/test-classes:report/target/classes:$(cat report/target/classpath.txt)" dev.errand.report.ReportBenchmark [lines [keep]]
 * </pre>
 * ({@code keep} leaves the generated files for timing {@code bin/errand report} on them.)
 * A small {@code -Xmx} shows that memory does not grow with the log.
 */
public final class ReportBenchmark {
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

    private ReportBenchmark() {}

    public static void main(String[] args) throws IOException {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        Path dir = Files.createTempDirectory("errand-bench");
        Path plain = dir.resolve("timing.log");
        Path gz = dir.resolve("timing.log.gz");
        long t0 = System.nanoTime();
        generate(plain, lines);
        try (InputStream in = Files.newInputStream(plain);
                OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz), 1 << 16)) {
            in.transferTo(out);
        }
        System.out.printf(
                Locale.ROOT,
                "generated %,d lines: %s (%.0f MB), %s (%.0f MB) in %.1f s%n",
                lines,
                plain,
                Files.size(plain) / 1e6,
                gz.getFileName(),
                Files.size(gz) / 1e6,
                (System.nanoTime() - t0) / 1e9);
        System.out.printf(
                Locale.ROOT,
                "machine: %d cores (availableProcessors), %s %s, max heap %d MB%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);

        for (int run = 1; run <= 3; run++) {
            measure("plain run " + run, plain, lines, Files.size(plain));
        }
        measure("gzip  run 1", gz, lines, Files.size(plain));
        measure("gzip  run 2", gz, lines, Files.size(plain));
        if (args.length > 1 && args[1].equals("keep")) {
            System.out.println("kept " + plain + " and " + gz);
        } else {
            Files.delete(plain);
            Files.delete(gz);
            Files.delete(dir);
        }
    }

    private static void measure(String label, Path file, int lines, long plainBytes) throws IOException {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long start = System.nanoTime();
        LogAnalyzer analyzer = LogAnalyzer.autoBuckets();
        try (InputStream in = LogInput.open(file)) {
            analyzer.read(in, file.toString());
        }
        Analysis analysis = analyzer.finish();
        Report report = Report.of(analysis, Thresholds.DEFAULTS, ZoneOffset.UTC);
        TextReport.write(report, new PrintWriter(Writer.nullWriter()));
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.gc();
        long retained =
                Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        if (analysis.timingLines() != lines) {
            throw new IllegalStateException("expected " + lines + " timing lines but got " + analysis.timingLines());
        }
        System.out.printf(
                Locale.ROOT,
                "%s: %,d lines in %.2f s = %,.0f lines/s (%.0f MB/s of text); heap peak %d MB, retained after GC %d MB; "
                        + "%d functions, %d buckets of %s%n",
                label,
                lines,
                seconds,
                lines / seconds,
                plainBytes / 1e6 / seconds,
                peak >> 20,
                retained >> 20,
                analysis.functions().size(),
                analysis.functions().get(0).trend().size(),
                analysis.bucketWidth());
        // keep the analysis reachable until the retained figure is taken
        if (report.verdicts().isEmpty()) {
            System.out.println(analyzer);
        }
    }

    /** A plausible day of work: steady arrivals, per-function process times, occasional retries. */
    private static void generate(Path file, int lines) throws IOException {
        SplittableRandom random = new SplittableRandom(1);
        long start = Instant.parse("2026-11-28T08:00:00Z").toEpochMilli();
        long spanMillis = 6 * 3600_000L;
        DateTimeFormatter iso = DateTimeFormatter.ISO_INSTANT;
        StringBuilder b = new StringBuilder(256);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                long ts = start + (long) i * spanMillis / lines + random.nextInt(0, 500);
                int fn = random.nextInt(FUNCTIONS.length);
                double process = (20 + fn * 15) * (0.5 + random.nextDouble());
                double delay = random.nextDouble() * 30;
                int r = random.nextInt(100);
                String status = r < 2 ? "retry" : r < 3 ? "dead" : "ok";
                int host = random.nextInt(6);
                b.setLength(0);
                if (i % 20 == 0) {
                    b.append("2026-11-28 08:00:00,000 INFO  [errand-worker-3] errand.timing - ");
                }
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
                        .append(" delay_ms=")
                        .append(String.format(Locale.ROOT, "%.3f", delay))
                        .append(" process_ms=")
                        .append(String.format(Locale.ROOT, "%.3f", process))
                        .append(" backend=jdbc worker=host-")
                        .append(host)
                        .append(":4711:w")
                        .append(random.nextInt(8))
                        .append('\n');
                w.append(b);
            }
        }
    }
}
