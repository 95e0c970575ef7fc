package dev.errand.jdbc;

import dev.errand.config.Secrets;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Takes the secrets out of a JDBC URL before any driver sees it. Drivers and pools write their URL
 * to their debug logs (pgJDBC logs {@code Connecting with URL: ...} at FINE, and even URLs meant
 * for another driver; HikariCP masks only a {@code password=} parameter), so a password left in the
 * URL ends up in log files. The user info of {@code //user:password@host} and every parameter
 * whose name says it is a secret ({@code password}, {@code sslpassword},
 * {@code trustCertificateKeyStorePassword}, ...; {@code ?a=b&...} or {@code ;A=B;...} style) are
 * removed from the URL and handed to the driver as connection properties instead, which every
 * driver treats the same as URL parameters.
 *
 * @param url        the URL without them
 * @param user       the user from {@code //user@host}, or null
 * @param password   the password from the user info or a {@code password} parameter, or null
 * @param properties the other secret parameters by name, for the driver
 */
public record UrlSecrets(String url, String user, String password, Map<String, String> properties) {

    public static UrlSecrets split(String url) {
        String user = null;
        String password = null;
        String rest = url;
        int scheme = url.indexOf("://");
        if (scheme >= 0) {
            int start = scheme + 3;
            int end = firstOf(url, start, '?', ';', '#');
            int at = url.lastIndexOf('@', end - 1);
            if (at >= start) {
                String info = url.substring(start, at);
                int colon = info.indexOf(':');
                user = decode(colon < 0 ? info : info.substring(0, colon));
                password = colon < 0 ? null : decode(info.substring(colon + 1));
                user = user.isEmpty() ? null : user;
                rest = url.substring(0, start) + url.substring(at + 1);
            }
        }
        Map<String, String> properties = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder();
        int i = firstOf(rest, Math.max(0, scheme + 3), '?', ';');
        out.append(rest, 0, i);
        boolean queryOpened = false;
        while (i < rest.length()) {
            char separator = rest.charAt(i);
            int next = firstOf(rest, i + 1, '&', ';', '?');
            String param = rest.substring(i + 1, next);
            int eq = param.indexOf('=');
            String name = eq < 0 ? param : param.substring(0, eq);
            boolean query = separator == '?' || separator == '&';
            if (eq > 0 && isSecret(name)) {
                String value = query ? decode(param.substring(eq + 1)) : param.substring(eq + 1);
                if (name.equalsIgnoreCase("password")) {
                    password = value;
                } else {
                    properties.put(name, value);
                }
            } else {
                out.append(query && !queryOpened ? '?' : separator).append(param);
                queryOpened |= query;
            }
            i = next;
        }
        return new UrlSecrets(out.toString(), user, password, Map.copyOf(properties));
    }

    /** Only the URL: the rest is secret. */
    @Override
    public String toString() {
        return "UrlSecrets[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "****")
                + ", properties=" + properties.keySet() + "]";
    }

    private static boolean isSecret(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("pwd") || Secrets.isSecretKey(n);
    }

    private static int firstOf(String s, int from, char... chars) {
        int best = s.length();
        for (char c : chars) {
            int i = s.indexOf(c, from);
            if (i >= 0 && i < best) {
                best = i;
            }
        }
        return best;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // not percent-encoded after all
        }
    }
}
