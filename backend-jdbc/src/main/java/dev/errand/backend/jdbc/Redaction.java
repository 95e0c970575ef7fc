package dev.errand.backend.jdbc;

import java.util.regex.Pattern;

/** Masks secrets in JDBC URLs before they reach a message or a log line. */
final class Redaction {
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password|pwd)=([^&;]*)");
    private static final Pattern USER_INFO = Pattern.compile("//([^/:@]+):([^/@]*)@");

    private Redaction() {}

    static String url(String url) {
        if (url == null) {
            return null;
        }
        String masked = PASSWORD_PARAM.matcher(url).replaceAll("$1=***");
        return USER_INFO.matcher(masked).replaceAll("//$1:***@");
    }
}
