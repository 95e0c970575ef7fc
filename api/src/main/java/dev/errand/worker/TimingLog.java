package dev.errand.worker;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the one line per attempt that {@code errand report} reads, to the SLF4J logger
 * {@code errand.timing}, in logfmt with fixed keys (see {@code docs/timing-log.md}):
 * <pre>
 * ts=2026-11-28T23:10:40.123Z fn=BookmarkService.fetchSummary id=42 queue=bookmarks attempt=1 status=ok delay_ms=12.407 process_ms=200.113 backend=memory worker=host:4711:w1
 * </pre>
 * Every value is free of spaces and {@code =}: names are validated when jobs are defined. The delay is
 * {@code delay_ms=unknown} when the backend does not know when the job was enqueued
 * ({@link dev.errand.spi.ClaimedJob#enqueueTimeKnown()}).
 */
final class TimingLog {
    static final String LOGGER = "errand.timing";
    /** The delay of an attempt whose job's enqueue time is unknown: written as {@code delay_ms=unknown}. */
    static final long UNKNOWN_DELAY = Long.MIN_VALUE;

    enum Status {
        ok,
        retry,
        dead
    }

    private final Logger log = LoggerFactory.getLogger(LOGGER);
    private final boolean enabled;
    private final String backend;
    private final String worker;
    private final java.util.function.Consumer<String> listener;
    /** The last second formatted; a benign race: any thread may replace it, each value is immutable and correct. */
    private volatile Second second;

    TimingLog(boolean enabled, String backend, String worker, java.util.function.Consumer<String> listener) {
        this.enabled = enabled;
        this.backend = backend;
        this.worker = worker;
        this.listener = listener;
    }

    void write(
            Instant start,
            String fn,
            String id,
            String queue,
            int attempt,
            Status status,
            long delayNanos,
            long processNanos) {
        if (!enabled || (listener == null && !log.isInfoEnabled())) {
            return;
        }
        StringBuilder b = new StringBuilder(200);
        b.append("ts=");
        timestamp(b, start);
        b.append(" fn=")
                .append(fn)
                .append(" id=")
                .append(id)
                .append(" queue=")
                .append(queue)
                .append(" attempt=")
                .append(attempt)
                .append(" status=")
                .append(status.name())
                .append(" delay_ms=");
        if (delayNanos == UNKNOWN_DELAY) {
            b.append("unknown");
        } else {
            millis(b, Math.max(0, delayNanos));
        }
        b.append(" process_ms=");
        millis(b, Math.max(0, processNanos));
        b.append(" backend=").append(backend).append(" worker=").append(worker);
        String line = b.toString();
        log.info(line);
        if (listener != null) {
            listener.accept(line);
        }
    }

    /**
     * {@code start} as {@link DateTimeFormatter#ISO_INSTANT} prints it truncated to milliseconds. The text up to the
     * second is formatted once per second and reused: the formatter cost more than the rest of the line.
     */
    void timestamp(StringBuilder b, Instant start) {
        long second = start.getEpochSecond();
        Second cached = this.second;
        if (cached == null || cached.epochSecond != second) {
            StringBuilder text = new StringBuilder(20);
            DateTimeFormatter.ISO_INSTANT.formatTo(Instant.ofEpochSecond(second), text);
            text.setLength(text.length() - 1); // the 'Z'
            cached = new Second(second, text.toString());
            this.second = cached;
        }
        b.append(cached.text);
        int millis = start.getNano() / 1_000_000;
        if (millis != 0) {
            b.append('.');
            pad3(b, millis);
        }
        b.append('Z');
    }

    private record Second(long epochSecond, String text) {}

    /** Milliseconds with microsecond precision, without going through floating point. */
    static void millis(StringBuilder b, long nanos) {
        long micros = nanos / 1000;
        b.append(micros / 1000).append('.');
        pad3(b, (int) (micros % 1000));
    }

    private static void pad3(StringBuilder b, int n) {
        if (n < 100) {
            b.append('0');
        }
        if (n < 10) {
            b.append('0');
        }
        b.append(n);
    }
}
