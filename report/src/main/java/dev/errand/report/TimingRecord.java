package dev.errand.report;

import java.time.Instant;

/**
 * One line of the timing log (see {@code docs/timing-log.md}), as filled in by {@link TimingLineParser}.
 *
 * <p>This is a flyweight: the analyzer hands the parser one instance and the parser overwrites it for
 * every line, so reading a log allocates nothing per line. The name fields are views into the line
 * ({@link #fnChars()}); {@link #fn()} and {@link #worker()} copy them into strings for callers that keep them.
 */
public final class TimingRecord {

    /** The {@code status} key. */
    public enum Status {
        /** The attempt succeeded. */
        OK,
        /** The attempt failed and the job will run again after its backoff. */
        RETRY,
        /** The attempt failed for good (last attempt, or the job cannot run at all). */
        DEAD
    }

    long epochMillis;
    Status status;
    long delayMicros;
    /** False for {@code delay_ms=unknown}; {@link #delayMicros} is then 0. */
    boolean delayKnown;

    long processMicros;
    int attempt;

    CharSequence line;
    int fnStart;
    int fnEnd;
    int workerStart;
    int workerEnd;

    void clear(CharSequence line) {
        this.line = line;
        epochMillis = Long.MIN_VALUE;
        status = null;
        delayMicros = -1;
        delayKnown = true;
        processMicros = -1;
        attempt = 0;
        fnStart = fnEnd = -1;
        workerStart = workerEnd = -1;
    }

    /** When the attempt started, in milliseconds since the epoch. */
    public long epochMillis() {
        return epochMillis;
    }

    public Instant ts() {
        return Instant.ofEpochMilli(epochMillis);
    }

    public Status status() {
        return status;
    }

    /** From the moment the job could run to the start of this attempt, in microseconds; 0 when not {@link #delayKnown()}. */
    public long delayMicros() {
        return delayMicros;
    }

    /**
     * False for {@code delay_ms=unknown}: the backend did not know when the job was enqueued (a Gearman job submitted
     * by a client that is not Errand's). The attempt counts in throughput and process time, not in delay.
     */
    public boolean delayKnown() {
        return delayKnown;
    }

    /** How long the attempt ran, in microseconds. */
    public long processMicros() {
        return processMicros;
    }

    /** The attempt number, or 0 when the line has no {@code attempt} key. */
    public int attempt() {
        return attempt;
    }

    /** The job name as a view into the current line; valid until the next line is parsed. */
    public CharSequence fnChars() {
        return line.subSequence(fnStart, fnEnd);
    }

    public String fn() {
        return line.subSequence(fnStart, fnEnd).toString();
    }

    public boolean hasWorker() {
        return workerStart >= 0;
    }

    /** The {@code host:pid:name} of the worker, or {@code null} when the line has no {@code worker} key. */
    public String worker() {
        return hasWorker() ? line.subSequence(workerStart, workerEnd).toString() : null;
    }

    @Override
    public String toString() {
        return "TimingRecord{ts=" + ts() + ", fn=" + fn() + ", status=" + status + ", delayMicros="
                + (delayKnown ? String.valueOf(delayMicros) : "unknown") + ", processMicros=" + processMicros
                + ", attempt=" + attempt + ", worker=" + worker() + "}";
    }
}
