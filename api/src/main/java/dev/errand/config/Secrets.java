package dev.errand.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of files and out of output. A value may be a reference,
 * {@code ${env:PGPASSWORD}} or {@code ${file:/run/secrets/redis}}, resolved when the configuration
 * is read; and every value shown in a message goes through {@link #redact}.
 */
public final class Secrets {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");
    /** {@code password=x}, {@code sslpassword=x}, {@code trustStorePassword=x}, {@code pwd=x}, ... up to {@code &} or {@code ;}. */
    private static final Pattern PASSWORD_PARAM =
            Pattern.compile("(?i)(password|passwd|pwd|secret|token|passphrase|credentials?)=[^&;]*");
    /** Oracle-style {@code jdbc:oracle:thin:user/password@host}. */
    private static final Pattern SLASH_PASSWORD = Pattern.compile("(?i)(jdbc:oracle:[a-z]+:[^/@:\\s]*/)[^@\\s]*@");

    private static final String MASK = "****";

    private Secrets() {}

    /** True for keys whose values are secrets: passwords, tokens, credentials, keys. */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password")
                || k.contains("passwd")
                || k.endsWith(".pwd")
                || k.contains("passphrase")
                || k.contains("secret")
                || k.contains("token")
                || k.contains("credential");
    }

    /** What may be printed of a value: secrets as {@code ****}, URLs without their password. */
    public static String redact(String key, String value) {
        if (value == null) {
            return null;
        }
        if (isSecretKey(key)) {
            return MASK;
        }
        return redactUrl(value);
    }

    /**
     * What may be printed of a URL or of any text holding URLs: {@code redis://user:pw@host} →
     * {@code redis://user:****@host}, {@code redis://pw@host} → {@code redis://****@host},
     * {@code ?password=x} → {@code ?password=****}. The user info of a URL is taken to end at the
     * last {@code @} before the next {@code ://}, so a password holding {@code @}, {@code /} or
     * {@code ?} (written unencoded by mistake) is still masked whole; that may mask a little more
     * than the password, never less.
     */
    public static String redactUrl(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(value.length());
        int from = 0;
        int scheme;
        while ((scheme = value.indexOf("://", from)) >= 0) {
            int start = scheme + 3;
            int next = value.indexOf("://", start);
            int end = next < 0 ? value.length() : next;
            int at = value.lastIndexOf('@', end - 1);
            out.append(value, from, start);
            if (at >= start) {
                String info = value.substring(start, at);
                int colon = info.indexOf(':');
                boolean plainUser =
                        colon >= 0 && info.substring(0, colon).chars().noneMatch(c -> c == '/' || c == '?');
                out.append(plainUser ? info.substring(0, colon + 1) : "").append(MASK);
                from = at;
            } else {
                from = start;
            }
            if (next < 0) {
                break;
            }
            out.append(value, from, next);
            from = next;
        }
        out.append(value, from, value.length());
        String masked = SLASH_PASSWORD.matcher(out.toString()).replaceAll("$1" + MASK + "@");
        return PASSWORD_PARAM.matcher(masked).replaceAll("$1=" + MASK);
    }

    /**
     * The text with every occurrence of the given secret values (and of their URL-encoded forms)
     * replaced by {@code ****}: a last line of defence for text that came from elsewhere, such as a
     * driver's error message, before it goes into a message of ours. Null and empty secrets are ignored.
     */
    public static String scrub(String text, String... secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (secret == null || secret.isEmpty()) {
                continue;
            }
            out = out.replace(secret, MASK);
            String encoded = java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8);
            if (!encoded.equals(secret)) {
                out = out.replace(encoded, MASK).replace(encoded.replace("+", "%20"), MASK);
            }
        }
        return out;
    }

    /**
     * {@code failure} itself when neither it nor any of its causes or suppressed exceptions mentions
     * a secret (message or {@code toString()}); otherwise a copy of the chain whose messages are
     * {@linkplain #scrub scrubbed}, each link a {@link RuntimeException} that names the original
     * class and keeps its stack trace. For wrapping a driver's exception as the cause of ours.
     */
    public static Throwable scrub(Throwable failure, String... secrets) {
        if (failure == null || !mentions(failure, secrets, 0)) {
            return failure;
        }
        return copy(failure, secrets, 0);
    }

    private static boolean mentions(Throwable t, String[] secrets, int depth) {
        if (t == null || depth > 20) {
            return false;
        }
        String text = t.toString();
        if (!scrub(text, secrets).equals(text)) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (mentions(s, secrets, depth + 1)) {
                return true;
            }
        }
        return mentions(t.getCause(), secrets, depth + 1);
    }

    private static Throwable copy(Throwable t, String[] secrets, int depth) {
        Throwable cause = t.getCause() == null || depth > 20 ? null : copy(t.getCause(), secrets, depth + 1);
        RuntimeException c = new RuntimeException(
                t.getClass().getName() + ": " + scrub(String.valueOf(t.getMessage()), secrets), cause);
        c.setStackTrace(t.getStackTrace());
        for (Throwable s : t.getSuppressed()) {
            c.addSuppressed(depth > 20 ? new RuntimeException("(suppressed)") : copy(s, secrets, depth + 1));
        }
        return c;
    }

    /**
     * Resolves every {@code ${env:...}} and {@code ${file:...}} reference in the values, in place;
     * returns the values as written (the references, no secret) of the keys that had any, so a
     * message can show those instead of what they resolved to.
     */
    static Map<String, String> resolveAll(Map<String, String> values, String source, Function<String, String> env) {
        Map<String, String> written = new java.util.TreeMap<>();
        values.replaceAll((key, value) -> {
            String resolved = resolve(key, value, source, env);
            if (resolved != null && !resolved.equals(value)) {
                written.put(key, value);
            }
            return resolved;
        });
        return written;
    }

    private static String resolve(String key, String value, String source, Function<String, String> env) {
        if (value == null || !value.contains("${")) {
            return value;
        }
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2).trim();
            String resolved = m.group(1).equals("env") ? env.apply(name) : readFile(key, name, source);
            if (resolved == null) {
                throw new ErrandConfigException(key + " (from " + source + ") refers to environment variable " + name
                        + ", which is not set; set it or change " + key);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String readFile(String key, String file, String source) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ErrandConfigException(key + " (from " + source + ") refers to file " + file
                    + ", which cannot be read (" + e.getClass().getSimpleName() + "); fix the path or its permissions");
        }
    }
}
