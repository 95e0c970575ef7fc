package dev.errand.backend.jdbc;

import dev.errand.config.Secrets;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Durability of the H2 URLs the backend opens. H2 acknowledges a commit before it writes it to its
 * file unless {@code WRITE_DELAY=0}: with its default (500 ms) a crash of the process that holds
 * the database (the application, for an embedded file; the server, for {@code jdbc:h2:tcp:})
 * loses the jobs acknowledged in its last half second. So every H2 URL but an in-memory one gets
 * {@code ;WRITE_DELAY=0} unless it sets {@code WRITE_DELAY} itself, and one that sets another value
 * is warned about.
 */
final class H2Urls {
    static final String WRITE_DELAY = "WRITE_DELAY";
    /** H2's error code for "Admin rights are required for this operation". */
    private static final int ADMIN_RIGHTS_REQUIRED = 90040;

    private H2Urls() {}

    /**
     * {@code url} with {@code ;WRITE_DELAY=0} appended when it is an H2 URL to a file or a server
     * and names no {@code WRITE_DELAY} (H2's setting names are case-insensitive); any other URL as
     * it is.
     */
    static String durable(String url) {
        if (!persistent(url) || writeDelay(url) != null) {
            return url;
        }
        return url + (url.endsWith(";") ? "" : ";") + WRITE_DELAY + "=0";
    }

    /**
     * The warning to log for an H2 URL to a file or a server that sets {@code WRITE_DELAY} to
     * anything but 0, naming the key and the loss it risks, with any password in the URL masked;
     * null for any other URL.
     */
    static String writeDelayWarning(String url, String source) {
        String delay = persistent(url) ? writeDelay(url) : null;
        if (delay == null || delay.equals("0")) {
            return null;
        }
        return JdbcSettings.URL + "=" + Secrets.redactUrl(url) + " (from " + source + ") sets " + WRITE_DELAY + "="
                + delay + ": H2 acknowledges a commit up to " + delay
                + " ms before it writes it to its file, so a crash"
                + " of the process that holds the database loses the jobs acknowledged in that time. Remove the setting"
                + " (Errand then uses " + WRITE_DELAY + "=0) unless losing them is acceptable";
    }

    /**
     * {@code url} without its {@code WRITE_DELAY=0} setting (as {@link #durable} adds it, or as
     * written), or null when it has none.
     */
    static String withoutWriteDelay(String url) {
        if (!"0".equals(writeDelay(url))) {
            return null;
        }
        String[] parts = url.split(";", -1);
        StringBuilder kept = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            boolean writeDelay = eq > 0
                    && parts[i].substring(0, eq).trim().toUpperCase(Locale.ROOT).equals(WRITE_DELAY);
            if (!writeDelay && !parts[i].isEmpty()) {
                kept.append(';').append(parts[i]);
            }
        }
        return kept.toString();
    }

    /** True for H2's "Admin rights are required" (90040), which {@code WRITE_DELAY} in the URL gets for other users. */
    static boolean refusedForAdminRights(Throwable failure) {
        return failure instanceof SQLException e && e.getErrorCode() == ADMIN_RIGHTS_REQUIRED;
    }

    /** The warning when the backend connects without {@code WRITE_DELAY=0} because {@code user} may not set it. */
    static String adminRightsWarning(String url, String user, String source) {
        return JdbcSettings.URL + "=" + Secrets.redactUrl(url) + " (from " + source + "): user '" + user
                + "' has no admin"
                + " rights, which H2 requires to set " + WRITE_DELAY + "=0, so the backend connects without it and the"
                + " database keeps its own " + WRITE_DELAY
                + " (H2's default is 500 ms: a crash of the process that holds the"
                + " database loses the jobs acknowledged in that time). Have an admin run SET " + WRITE_DELAY
                + " 0 once (H2"
                + " keeps it in the database)";
    }

    /** The value of the {@code WRITE_DELAY} setting in {@code url}, trimmed, or null when it has none. */
    static String writeDelay(String url) {
        String[] parts = url.split(";");
        String value = null;
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0
                    && parts[i].substring(0, eq).trim().toUpperCase(Locale.ROOT).equals(WRITE_DELAY)) {
                value = parts[i].substring(eq + 1).trim(); // H2 itself refuses a setting given twice
            }
        }
        return value;
    }

    /**
     * An H2 database this JVM may open itself (a file or memory; with {@code AUTO_SERVER=TRUE}, when it is the process
     * that opened the file), not one behind an H2 server ({@code tcp:}, {@code ssl:}).
     */
    static boolean opensInThisProcess(String url) {
        if (!url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
            return false;
        }
        String database = url.substring(8).toLowerCase(Locale.ROOT);
        return !database.startsWith("tcp:") && !database.startsWith("ssl:");
    }

    /** An H2 URL whose database lives in a file (embedded or behind a server), not in memory. */
    private static boolean persistent(String url) {
        if (!url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
            return false;
        }
        String database = url.split(";", 2)[0].substring(8).toLowerCase(Locale.ROOT);
        return !database.startsWith("mem:") && !database.contains("/mem:");
    }
}
