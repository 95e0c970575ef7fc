package dev.errand.report;

/**
 * Parses ISO-8601 instants such as {@code 2026-11-28T23:10:40.123Z} straight from characters, without
 * {@code java.time} objects: the timing log writes one per line, so this is on the hot path.
 * Accepts any number of fraction digits (or none, as {@code DateTimeFormatter.ISO_INSTANT} writes for
 * whole seconds) and {@code Z} or a {@code +hh:mm}/{@code -hh:mm} offset.
 */
final class IsoInstant {
    private IsoInstant() {}

    /** Milliseconds since the epoch, or {@link Long#MIN_VALUE} when the text is not such an instant. */
    static long parseEpochMillis(CharSequence s, int from, int to) {
        if (to - from < 20
                || s.charAt(from + 4) != '-'
                || s.charAt(from + 7) != '-'
                || (s.charAt(from + 10) != 'T' && s.charAt(from + 10) != 't')
                || s.charAt(from + 13) != ':'
                || s.charAt(from + 16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, from, 4);
        int month = digits(s, from + 5, 2);
        int day = digits(s, from + 8, 2);
        int hour = digits(s, from + 11, 2);
        int minute = digits(s, from + 14, 2);
        int second = digits(s, from + 17, 2);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || day > 31
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 60) {
            return Long.MIN_VALUE;
        }
        int i = from + 19;
        int millis = 0;
        if (s.charAt(i) == '.' || s.charAt(i) == ',') {
            i++;
            int n = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (n < 3) {
                    millis = millis * 10 + (s.charAt(i) - '0');
                }
                n++;
                i++;
            }
            if (n == 0) {
                return Long.MIN_VALUE;
            }
            for (; n < 3; n++) {
                millis *= 10;
            }
        }
        if (i >= to) {
            return Long.MIN_VALUE;
        }
        int offsetSeconds;
        char z = s.charAt(i);
        if ((z == 'Z' || z == 'z') && i + 1 == to) {
            offsetSeconds = 0;
        } else if ((z == '+' || z == '-') && i + 6 == to && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || oh > 18 || om < 0 || om > 59) {
                return Long.MIN_VALUE;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (z == '+' ? 1 : -1);
        } else {
            return Long.MIN_VALUE;
        }
        long days = daysFromCivil(year, month, day);
        long seconds = days * 86_400L + hour * 3600L + minute * 60L + Math.min(second, 59) - offsetSeconds;
        return seconds * 1000L + millis;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static int digits(CharSequence s, int at, int n) {
        int v = 0;
        for (int k = 0; k < n; k++) {
            char c = s.charAt(at + k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
