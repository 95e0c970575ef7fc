package dev.errand.backend.gearman;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern STAMP = Pattern.compile("~e1\\.([0-9a-z]{1,13})\\.[0-9a-z]{12}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Uniques() {}

    public static String stamped(Instant enqueuedAt) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, enqueuedAt);
        StringBuilder random = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            random.append(Character.forDigit(RANDOM.nextInt(36), 36));
        }
        return "~e1." + Long.toString(micros, 36) + "." + random;
    }

    public static String random() {
        return UUID.randomUUID().toString();
    }

    /** The enqueue time in a unique that {@link #stamped} made; empty for any other unique. */
    public static Optional<Instant> enqueuedAt(String unique) {
        Matcher m = STAMP.matcher(unique);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.EPOCH.plus(Long.parseLong(m.group(1), 36), ChronoUnit.MICROS));
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
