package dev.errand.report;

/**
 * Parses one timing-log line ({@code docs/timing-log.md}) without regular expressions and without
 * allocating: it scans the characters once and fills a reused {@link TimingRecord}.
 *
 * <p>The line may carry a prefix added by the user's logging pattern (a level, a logger name, a Logback
 * timestamp): the record starts at the first {@code ts=} that begins the line or follows a blank. After
 * that come {@code key=value} pairs separated by blanks; the order does not matter, unknown keys and
 * words without {@code =} (a suffix added by a pattern) are ignored, and a value may be double-quoted.
 * Required keys: {@code ts}, {@code fn}, {@code status}, {@code delay_ms}, {@code process_ms}. {@code delay_ms} may
 * be {@code unknown} (the enqueue time of the job was unknown): the record then says {@link TimingRecord#delayKnown()}
 * false.
 *
 * <p>Outcomes: {@link Result#TIMING}; {@link Result#FOREIGN} for a line that is no timing line at all
 * (no {@code ts=}, or neither {@code fn} nor {@code delay_ms}); {@link Result#MALFORMED} for a line that
 * looks like a timing line but has a missing or bad value.
 */
public final class TimingLineParser {
    /** The value of {@code delay_ms} when the job's enqueue time was unknown. */
    static final String UNKNOWN = "unknown";

    /** What a line turned out to be. */
    public enum Result {
        TIMING,
        FOREIGN,
        MALFORMED
    }

    /** Parses {@code line} into {@code out}; {@code out} is meaningful only when this returns {@link Result#TIMING}. */
    public Result parse(CharSequence line, TimingRecord out) {
        out.clear(line);
        int len = line.length();
        int start = findTs(line, len);
        if (start < 0) {
            return Result.FOREIGN;
        }
        boolean sawFn = false;
        boolean sawDelay = false;
        boolean bad = false;
        int i = start;
        while (i < len) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int keyStart = i;
            int eq = -1;
            while (i < len && (c = line.charAt(i)) != ' ' && c != '\t') {
                if (c == '=' && eq < 0) {
                    eq = i;
                    if (i + 1 < len && line.charAt(i + 1) == '"') {
                        int close = indexOf(line, '"', i + 2, len);
                        i = close < 0 ? len : close + 1;
                        break;
                    }
                }
                i++;
            }
            if (eq < 0) {
                continue; // a word without '=': a suffix from the logging pattern
            }
            int vs = eq + 1;
            int ve = i;
            if (ve - vs >= 2 && line.charAt(vs) == '"' && line.charAt(ve - 1) == '"') {
                vs++;
                ve--;
            }
            switch (eq - keyStart) {
                case 2:
                    if (is(line, keyStart, 't', 's')) {
                        out.epochMillis = IsoInstant.parseEpochMillis(line, vs, ve);
                        bad |= out.epochMillis == Long.MIN_VALUE;
                    } else if (is(line, keyStart, 'f', 'n')) {
                        sawFn = true;
                        out.fnStart = vs;
                        out.fnEnd = ve;
                        bad |= ve == vs;
                    }
                    break;
                case 6:
                    if (matches(line, keyStart, "status")) {
                        out.status = status(line, vs, ve);
                        bad |= out.status == null;
                    } else if (matches(line, keyStart, "worker")) {
                        out.workerStart = vs;
                        out.workerEnd = ve;
                    }
                    break;
                case 7:
                    if (matches(line, keyStart, "attempt")) {
                        long a = parseLong(line, vs, ve);
                        bad |= a < 0 || a > Integer.MAX_VALUE;
                        out.attempt = (int) a;
                    }
                    break;
                case 8:
                    if (matches(line, keyStart, "delay_ms")) {
                        sawDelay = true;
                        if (ve - vs == UNKNOWN.length() && regionEquals(line, vs, UNKNOWN)) {
                            out.delayKnown = false;
                            out.delayMicros = 0;
                            break;
                        }
                        out.delayKnown = true;
                        out.delayMicros = parseMillisAsMicros(line, vs, ve);
                        bad |= out.delayMicros < 0;
                    }
                    break;
                case 10:
                    if (matches(line, keyStart, "process_ms")) {
                        out.processMicros = parseMillisAsMicros(line, vs, ve);
                        bad |= out.processMicros < 0;
                    }
                    break;
                default:
                    break;
            }
        }
        if (!sawFn && !sawDelay) {
            return Result.FOREIGN;
        }
        if (bad
                || out.epochMillis == Long.MIN_VALUE
                || out.fnStart < 0
                || out.status == null
                || out.delayMicros < 0
                || out.processMicros < 0) {
            return Result.MALFORMED;
        }
        return Result.TIMING;
    }

    /** The index of the first {@code ts=} at the start of the line or after a blank, or -1. */
    private static int findTs(CharSequence line, int len) {
        for (int i = 0; i + 2 < len; i++) {
            if (line.charAt(i) == 't'
                    && line.charAt(i + 1) == 's'
                    && line.charAt(i + 2) == '='
                    && (i == 0 || line.charAt(i - 1) == ' ' || line.charAt(i - 1) == '\t')) {
                return i;
            }
        }
        return -1;
    }

    private static TimingRecord.Status status(CharSequence s, int from, int to) {
        int n = to - from;
        if (n == 2 && s.charAt(from) == 'o' && s.charAt(from + 1) == 'k') {
            return TimingRecord.Status.OK;
        }
        if (n == 5 && regionEquals(s, from, "retry")) {
            return TimingRecord.Status.RETRY;
        }
        if (n == 4 && regionEquals(s, from, "dead")) {
            return TimingRecord.Status.DEAD;
        }
        return null;
    }

    /**
     * Parses a non-negative decimal number of milliseconds ({@code 12.407}) into microseconds without
     * floating point; digits past the third decimal are dropped. Returns -1 when it is not such a number.
     */
    static long parseMillisAsMicros(CharSequence s, int from, int to) {
        if (from >= to) {
            return -1;
        }
        long whole = 0;
        int i = from;
        int digits = 0;
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            if (++digits > 15) {
                return -1;
            }
            whole = whole * 10 + (c - '0');
        }
        long frac = 0;
        int fracDigits = 0;
        if (i < to) {
            if (s.charAt(i) != '.' || i + 1 == to) {
                return -1;
            }
            for (i++; i < to; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                if (fracDigits < 3) {
                    frac = frac * 10 + (c - '0');
                    fracDigits++;
                }
            }
        } else if (digits == 0) {
            return -1;
        }
        for (; fracDigits < 3; fracDigits++) {
            frac *= 10;
        }
        return whole * 1000 + frac;
    }

    /** A non-negative integer, or -1. */
    private static long parseLong(CharSequence s, int from, int to) {
        if (from >= to || to - from > 18) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int indexOf(CharSequence s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean is(CharSequence s, int at, char a, char b) {
        return s.charAt(at) == a && s.charAt(at + 1) == b;
    }

    private static boolean matches(CharSequence s, int at, String key) {
        return regionEquals(s, at, key);
    }

    private static boolean regionEquals(CharSequence s, int at, String expected) {
        for (int k = 0; k < expected.length(); k++) {
            if (s.charAt(at + k) != expected.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
