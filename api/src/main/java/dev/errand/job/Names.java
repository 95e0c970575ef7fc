package dev.errand.job;

import java.util.regex.Pattern;

/**
 * The one rule for job names, queue names and unique keys. Names end up in SQL parameters, Redis
 * keys and log lines, so they are kept to a small, printable alphabet.
 */
public final class Names {
    /** Job names: letters, digits and {@code _ . : $ -}, 1..128 characters. */
    public static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9_.:$-]{1,128}");
    /** Queue names: letters, digits and {@code _ . : -}, 1..64 characters. */
    public static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    /** Unique keys: any printable text without control characters, 1..256 characters. */
    public static final int MAX_UNIQUE_KEY_LENGTH = 256;

    private Names() {}

    /** Whether {@code name} matches {@link #JOB_NAME}; a loop, not the regex, because backends check every job. */
    public static boolean isJobName(String name) {
        return fits(name, 128, true);
    }

    /** Whether {@code queue} matches {@link #QUEUE}; a loop, not the regex, because backends check every job. */
    public static boolean isQueue(String queue) {
        return fits(queue, 64, false);
    }

    private static boolean fits(String s, int maxLength, boolean dollarAllowed) {
        if (s == null || s.isEmpty() || s.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '.'
                    || c == ':'
                    || c == '-'
                    || (dollarAllowed && c == '$');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static String checkJobName(String name) {
        if (!isJobName(name)) {
            throw new IllegalArgumentException(
                    "invalid job name '" + name + "': use 1 to 128 letters, digits or _ . : $ -");
        }
        return name;
    }

    public static String checkQueue(String queue) {
        if (!isQueue(queue)) {
            throw new IllegalArgumentException(
                    "invalid queue name '" + queue + "': use 1 to 64 letters, digits or _ . : -");
        }
        return queue;
    }

    public static String checkUniqueKey(String key) {
        if (key == null
                || key.isEmpty()
                || key.length() > MAX_UNIQUE_KEY_LENGTH
                || key.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("invalid unique key '" + key + "': use 1 to " + MAX_UNIQUE_KEY_LENGTH
                    + " characters without control characters");
        }
        return key;
    }
}
