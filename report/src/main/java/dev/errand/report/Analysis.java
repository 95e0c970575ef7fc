package dev.errand.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The result of reading timing logs: line counts, the window, the bucket width and one
 * {@link FunctionReport} per job function (sorted by name).
 *
 * @param sources          what was read (paths, {@code -} for standard input)
 * @param lines            non-blank lines read
 * @param timingLines      lines that were timing lines
 * @param foreignLines     lines that were not timing lines (other loggers, prefixes of other formats)
 * @param malformedLines   lines that looked like timing lines but had a missing or bad value, or were too long
 * @param first            the earliest attempt start over all functions (null without timing lines)
 * @param last             the latest attempt start
 * @param bucketWidth      the trend's bucket width
 * @param requestedBucketWidth the width asked for with {@code --bucket}, or null for auto-sizing
 * @param functions        per function, sorted by name
 */
public record Analysis(
        List<String> sources,
        long lines,
        long timingLines,
        long foreignLines,
        long malformedLines,
        Instant first,
        Instant last,
        Duration bucketWidth,
        Duration requestedBucketWidth,
        List<FunctionReport> functions) {

    public Analysis {
        sources = List.copyOf(sources);
        functions = List.copyOf(functions);
    }

    /** Attempts logged with {@code delay_ms=unknown}, over all functions. */
    public long unknownDelayAttempts() {
        long n = 0;
        for (FunctionReport f : functions) {
            n += f.unknownDelay();
        }
        return n;
    }

    public long skippedLines() {
        return foreignLines + malformedLines;
    }

    public Duration window() {
        return first == null ? Duration.ZERO : Duration.between(first, last);
    }
}
