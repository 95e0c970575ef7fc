package dev.errand.config;

import dev.errand.ErrandConfigException;
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
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/@:]*:)[^/@]*@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password|pwd|secret|token)=[^&;]*");

    private Secrets() {}

    /** True for keys whose values are secrets: passwords, tokens, credentials, keys. */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("token") || k.contains("credential");
    }

    /** What may be printed of a value: secrets as {@code ****}, URLs without their password. */
    public static String redact(String key, String value) {
        if (value == null) {
            return null;
        }
        if (isSecretKey(key)) {
            return "****";
        }
        return redactUrl(value);
    }

    /** {@code redis://user:pw@host} → {@code redis://user:****@host}; {@code ?password=x} → {@code ?password=****}. */
    public static String redactUrl(String value) {
        String out = URL_PASSWORD.matcher(value).replaceAll("$1****@");
        return PASSWORD_PARAM.matcher(out).replaceAll("$1=****");
    }

    /** Resolves every {@code ${env:...}} and {@code ${file:...}} reference in the values. */
    static void resolveAll(Map<String, String> values, String source, Function<String, String> env) {
        values.replaceAll((key, value) -> resolve(key, value, source, env));
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
