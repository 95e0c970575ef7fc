package dev.errand.backend.gearman;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * The uniques Errand generates for jobs without a key: {@code ~e1.<enqueue time in µs, base 36>.<12 random base-36
 * digits>}, so a Java worker can log a real delay (the Gearman wire carries no enqueue time), and never empty, so
 * gearmand cannot coalesce two jobs by accident. Foreign workers see an opaque unique, as they see libgearman's UUIDs.
 */
public final class Uniques {
    /**
     * The longest unique that arrives intact. gearmand 1.1.20 accepts 64 bytes (65 is {@code ARGUMENT_TOO_LARGE}), but
     * hands a 64-byte unique to a {@code GRAB_JOB_UNIQ} worker cut to 63 bytes with a second NUL, which shifts a NUL
     * into the front of the workload (seen against the real server): 63 is the real limit, as its README says.
     */
    public static final int MAX_BYTES = 63;

    private static final String PREFIX = "~e1.";
    private static final int RANDOM_DIGITS = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Uniques() {}

    public static String stamped(Instant enqueuedAt) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, enqueuedAt);
        StringBuilder random = new StringBuilder(12);
        for (int i = 0; i < RANDOM_DIGITS; i++) {
            random.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return PREFIX + Long.toString(micros, 36) + "." + random;
    }

    public static String random() {
        return UUID.randomUUID().toString();
    }

    /**
     * The enqueue time in a unique that {@link #stamped} made ({@code ~e1.<1 to 13 base-36 digits>.<12 base-36
     * digits>}); empty for any other unique. Read by hand, not by a regular expression: it runs for every job a worker
     * takes.
     */
    public static Optional<Instant> enqueuedAt(String unique) {
        int dot = unique.indexOf('.', PREFIX.length());
        int digits = dot - PREFIX.length();
        if (!unique.startsWith(PREFIX)
                || digits < 1
                || digits > 13
                || unique.length() != dot + 1 + RANDOM_DIGITS
                || !base36(unique, PREFIX.length(), dot)
                || !base36(unique, dot + 1, unique.length())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.EPOCH.plus(Long.parseLong(unique, PREFIX.length(), dot, 36), ChronoUnit.MICROS));
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code s[from, to)} is lower-case base-36 digits only. */
    private static boolean base36(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }
}
