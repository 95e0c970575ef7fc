package dev.errand.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the pages write numbers, durations and times: short, with units, UTC. */
final class Fmt {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Fmt() {}

    static String micros(long micros) {
        if (micros < 1000) {
            return micros + " µs";
        }
        if (micros < 1_000_000) {
            return trim(micros / 1000.0) + " ms";
        }
        return age(Duration.ofNanos(micros * 1000));
    }

    /** A duration as an operator reads it: 850 ms, 12 s, 4 min 5 s, 3 h 20 min, 2 d 4 h. */
    static String age(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = d.toSeconds();
        if (s < 60) {
            return trim(ms / 1000.0) + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        if (s < 86400) {
            return (s / 3600) + " h " + (s % 3600 / 60) + " min";
        }
        return (s / 86400) + " d " + (s % 86400 / 3600) + " h";
    }

    static String rate(double perSecond) {
        if (perSecond >= 1) {
            return trim(perSecond) + "/s";
        }
        return trim(perSecond * 60) + "/min";
    }

    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String trim(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
