package dev.errand.report;

import java.util.BitSet;
import org.HdrHistogram.IntCountsHistogram;

/** What one function did in one time bucket. Mutable; owned by {@link TrendBuckets}. */
final class Bucket {
    /** Two significant digits: 1 % resolution is plenty for a trend line and keeps a bucket near 10 KB. */
    static final int DIGITS = 2;

    long attempts;
    long ok;
    long retry;
    long dead;
    /** Attempts whose job became ready to run (ts − delay) in this bucket: the arrivals. */
    long arrivals;

    long processMicrosSum;
    IntCountsHistogram delay;
    IntCountsHistogram process;
    final BitSet workers = new BitSet();

    void record(TimingRecord r, int workerId) {
        if (delay == null) {
            delay = new IntCountsHistogram(DIGITS);
            process = new IntCountsHistogram(DIGITS);
        }
        attempts++;
        switch (r.status) {
            case OK -> ok++;
            case RETRY -> retry++;
            case DEAD -> dead++;
        }
        if (r.delayKnown) {
            delay.recordValue(r.delayMicros);
        }
        process.recordValue(r.processMicros);
        processMicrosSum += r.processMicros;
        if (workerId >= 0) {
            workers.set(workerId);
        }
    }

    void add(Bucket other) {
        attempts += other.attempts;
        ok += other.ok;
        retry += other.retry;
        dead += other.dead;
        arrivals += other.arrivals;
        processMicrosSum += other.processMicrosSum;
        if (other.delay != null) {
            if (delay == null) {
                delay = new IntCountsHistogram(DIGITS);
                process = new IntCountsHistogram(DIGITS);
            }
            delay.add(other.delay);
            process.add(other.process);
        }
        workers.or(other.workers);
    }
}
