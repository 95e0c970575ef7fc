package dev.errand;

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

    public static String checkJobName(String name) {
        if (name == null || !JOB_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid job name '" + name
                    + "': use 1 to 128 letters, digits or _ . : $ -");
        }
        return name;
    }

    public static String checkQueue(String queue) {
        if (queue == null || !QUEUE.matcher(queue).matches()) {
            throw new IllegalArgumentException("invalid queue name '" + queue
                    + "': use 1 to 64 letters, digits or _ . : -");
        }
        return queue;
    }

    public static String checkUniqueKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_UNIQUE_KEY_LENGTH
                || key.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("invalid unique key '" + key
                    + "': use 1 to " + MAX_UNIQUE_KEY_LENGTH + " characters without control characters");
        }
        return key;
    }
}
