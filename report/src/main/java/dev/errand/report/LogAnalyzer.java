package dev.errand.report;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Reads timing logs in one streaming pass and keeps per-function statistics and trend buckets.
 *
 * <p>Files may come in any order and their lines need not be sorted: each attempt goes to its bucket by
 * its own {@code ts}, and the {@link BucketGrid} coarsens itself as the covered span grows, so memory is
 * bounded by functions × buckets, not by lines. Not thread-safe: one analyzer per thread.
 *
 * <pre>
 * LogAnalyzer analyzer = LogAnalyzer.autoBuckets();
 * try (InputStream in = LogInput.open(path)) { analyzer.read(in, path.toString()); }
 * Analysis analysis = analyzer.finish();
 * </pre>
 */
public final class LogAnalyzer {
    static final int MAX_FUNCTIONS = 10_000;
    static final int MAX_WORKERS = 100_000;

    private final TimingLineParser parser = new TimingLineParser();
    private final TimingRecord record = new TimingRecord();
    private final BucketGrid grid;
    private final Duration requestedWidth;
    private final NameTable fnNames = new NameTable(MAX_FUNCTIONS);
    private final NameTable workerNames = new NameTable(MAX_WORKERS);
    private FunctionStats[] functions = new FunctionStats[16];
    private final List<String> sources = new ArrayList<>();
    private long lines;
    private long timing;
    private long foreign;
    private long malformed;
    private long minMillis = Long.MAX_VALUE;
    private long maxMillis = Long.MIN_VALUE;
    private long minIncluded = Long.MAX_VALUE;

    private LogAnalyzer(BucketGrid grid, Duration requestedWidth) {
        this.grid = grid;
        this.requestedWidth = requestedWidth;
    }

    /** Buckets sized automatically (at most {@value BucketGrid#DEFAULT_MAX_BUCKETS} over the window). */
    public static LogAnalyzer autoBuckets() {
        return new LogAnalyzer(BucketGrid.auto(BucketGrid.DEFAULT_MAX_BUCKETS), null);
    }

    /** Buckets of a fixed width (at least one second). */
    public static LogAnalyzer fixedBuckets(Duration width) {
        return new LogAnalyzer(BucketGrid.fixed(width), width);
    }

    /** Reads every line of {@code in} (plain text; see {@link LogInput} for gzip); does not close it. */
    public void read(InputStream in, String source) throws IOException {
        sources.add(source);
        LineReader reader = new LineReader(in);
        CharSequence line;
        while ((line = reader.next()) != null) {
            accept(line);
        }
        lines += reader.droppedLines();
        malformed += reader.droppedLines();
    }

    /** Takes one line (without its line break). Blank lines are ignored. */
    public void accept(CharSequence line) {
        if (isBlank(line)) {
            return;
        }
        lines++;
        switch (parser.parse(line, record)) {
            case FOREIGN -> foreign++;
            case MALFORMED -> malformed++;
            case TIMING -> add(record);
        }
    }

    private void add(TimingRecord r) {
        int fnId = fnNames.id(r.line, r.fnStart, r.fnEnd);
        if (fnId < 0) {
            malformed++; // more than MAX_FUNCTIONS names: not a timing log we can summarise
            return;
        }
        timing++;
        FunctionStats stats = fnId < functions.length ? functions[fnId] : null;
        if (stats == null) {
            if (fnId >= functions.length) {
                functions = Arrays.copyOf(functions, functions.length * 2);
            }
            stats = functions[fnId] = new FunctionStats(fnNames.name(fnId), grid);
        }
        int workerId = r.hasWorker() ? workerNames.id(r.line, r.workerStart, r.workerEnd) : -1;
        long ts = r.epochMillis;
        long ready = ts - r.delayMicros / 1000;
        grid.include(ts);
        boolean readyInGrid = r.delayKnown && grid.includeIfFits(ready); // an unknown delay has no ready time
        minMillis = Math.min(minMillis, ts);
        maxMillis = Math.max(maxMillis, ts);
        if (readyInGrid) {
            minIncluded = Math.min(minIncluded, ready);
        }
        int readySlot = readyInGrid ? grid.slot(ready) : -1;
        stats.record(r, workerId, grid.slot(ts), readySlot);
    }

    /** The analysis of everything read so far. The analyzer may go on reading afterwards. */
    public Analysis finish() {
        List<FunctionReport> reports = new ArrayList<>();
        long windowStart = Math.min(minIncluded, minMillis);
        for (int id = 0; id < fnNames.size(); id++) {
            if (functions[id] != null) {
                reports.add(functions[id].report(windowStart, maxMillis));
            }
        }
        reports.sort(Comparator.comparing(FunctionReport::fn));
        boolean any = timing > 0;
        return new Analysis(
                sources,
                lines,
                timing,
                foreign,
                malformed,
                any ? Instant.ofEpochMilli(minMillis) : null,
                any ? Instant.ofEpochMilli(maxMillis) : null,
                Duration.ofMillis(grid.widthMillis()),
                requestedWidth,
                reports);
    }

    private static boolean isBlank(CharSequence line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }
}
