package dev.errand.report;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the reports write times, rates and counts for people: {@code 40 ms}, {@code 9.1 s}, {@code 30 jobs/s}. */
final class Format {
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd ", Locale.ROOT);

    private Format() {}

    /** A duration given in microseconds, with a unit chosen for it: {@code 0.4 ms}, {@code 40 ms}, {@code 9.1 s}, {@code 4.9 min}. */
    static String micros(double micros) {
        double ms = micros / 1000.0;
        if (ms < 10) {
            return fmt("%.1f ms", ms);
        }
        if (ms < 999.5) {
            return fmt("%.0f ms", ms);
        }
        double s = ms / 1000;
        if (s < 9.95) {
            return fmt("%.1f s", s);
        }
        if (s < 59.5) {
            return fmt("%.0f s", s);
        }
        double min = s / 60;
        if (min < 9.95) {
            return fmt("%.1f min", min);
        }
        if (min < 59.5) {
            return fmt("%.0f min", min);
        }
        return fmt("%.1f h", min / 60);
    }

    /** Seconds rounded to two significant digits: {@code 0.1 s}, {@code 0.035 s}, {@code 1.5 s}, {@code 12 s}. */
    static String seconds(double seconds) {
        if (seconds <= 0 || Double.isNaN(seconds)) {
            return "0 s";
        }
        java.math.BigDecimal d = new java.math.BigDecimal(seconds)
                .round(new java.math.MathContext(2))
                .stripTrailingZeros();
        return d.toPlainString() + " s";
    }

    /** A rate per second: {@code 30}, {@code 2.5}, {@code 0.04}. */
    static String rate(double perSecond) {
        if (perSecond >= 99.5) {
            return fmt("%.0f", perSecond);
        }
        if (perSecond >= 9.95) {
            return fmt("%.1f", perSecond).replaceAll("\\.0$", "");
        }
        if (perSecond >= 0.995) {
            return fmt("%.1f", perSecond);
        }
        return fmt("%.2f", perSecond);
    }

    /** A job rate with the unit that keeps it readable: {@code 30 jobs/s}, {@code 4.2 jobs/min}, {@code 2.0 jobs/h}. */
    static String jobsRate(double perSecond) {
        if (perSecond >= 0.995 || perSecond == 0) {
            return rate(perSecond) + " jobs/s";
        }
        if (perSecond * 60 >= 0.995) {
            return rate(perSecond * 60) + " jobs/min";
        }
        return rate(perSecond * 3600) + " jobs/h";
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String percent(double fraction) {
        return fmt("%.1f%%", fraction * 100);
    }

    static String decimal(double d) {
        return fmt("%.1f", d);
    }

    /** A clock time in {@code zone}: {@code 14:05} on a whole minute, else {@code 14:05:30}; with the date when asked. */
    static String clock(Instant t, ZoneId zone, boolean withDate) {
        LocalDateTime local = LocalDateTime.ofInstant(t, zone);
        String time = local.getSecond() == 0 && local.getNano() == 0 ? HM.format(local) : HMS.format(local);
        return withDate ? DATE.format(local) + time : time;
    }

    /** A clock time with seconds always: {@code 14:05:00}, with the date when asked. */
    static String clockSeconds(Instant t, ZoneId zone, boolean withDate) {
        LocalDateTime local = LocalDateTime.ofInstant(t, zone);
        return withDate ? DATE.format(local) + HMS.format(local) : HMS.format(local);
    }

    /** Whether two instants fall on different days in {@code zone}, so that times need their date. */
    static boolean spansDays(Instant a, Instant b, ZoneId zone) {
        return a != null
                && b != null
                && !LocalDateTime.ofInstant(a, zone)
                        .toLocalDate()
                        .equals(LocalDateTime.ofInstant(b, zone).toLocalDate());
    }

    /** A bucket width or window length: {@code 30 s}, {@code 5 min}, {@code 2 h}, {@code 1 d}. */
    static String span(java.time.Duration d) {
        long s = d.getSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s % 60 == 0 ? s / 60 + " min" : s >= 600 ? fmt("%.0f min", s / 60.0) : fmt("%.1f min", s / 60.0);
        }
        if (s < 86_400) {
            return s % 3600 == 0 ? s / 3600 + " h" : fmt("%.1f h", s / 3600.0);
        }
        return s % 86_400 == 0 ? s / 86_400 + " d" : fmt("%.1f d", s / 86_400.0);
    }

    private static String fmt(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
