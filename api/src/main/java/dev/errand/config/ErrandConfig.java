package dev.errand.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code errand.*} settings, immutable, with typed getters. A value that does not parse fails
 * with an {@link ErrandConfigException} naming the key, the value, what is allowed and the source.
 */
public final class ErrandConfig {
    private final Map<String, String> values;
    private final String source;
    /** The values as written of the keys whose values came from {@code ${env:}} / {@code ${file:}} references. */
    private final Map<String, String> written;

    private ErrandConfig(Map<String, String> values, String source, Map<String, String> written) {
        this.values = Map.copyOf(values);
        this.source = source;
        this.written = Map.copyOf(written);
    }

    /** A configuration from explicit values; {@code source} says where they came from, for messages. */
    public static ErrandConfig of(Map<String, String> values, String source) {
        return of(values, source, System::getenv);
    }

    /** Like {@link #of(Map, String)}, resolving {@code ${env:NAME}} with {@code env} (for tests). */
    static ErrandConfig of(Map<String, String> values, String source, java.util.function.Function<String, String> env) {
        Map<String, String> trimmed = new TreeMap<>();
        values.forEach((k, v) -> trimmed.put(k.trim(), v == null ? "" : v.trim()));
        Objects.requireNonNull(source, "source == null");
        Map<String, String> written = Secrets.resolveAll(trimmed, source, env);
        return new ErrandConfig(trimmed, source, written);
    }

    public static ErrandConfig empty() {
        return of(Map.of(), "defaults");
    }

    /** Where the values came from, e.g. {@code classpath:errand.properties + system properties}. */
    public String source() {
        return source;
    }

    /** Every key and value, sorted by key. */
    public Map<String, String> asMap() {
        return new TreeMap<>(values);
    }

    /** Every key under {@code prefix} with the prefix removed, e.g. for pass-through pool settings. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> sub = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                sub.put(k.substring(prefix.length()), v);
            }
        });
        return sub;
    }

    public ErrandConfig with(String key, String value) {
        Map<String, String> added = new TreeMap<>();
        added.put(key, value);
        Map<String, String> addedWritten = Secrets.resolveAll(added, source, System::getenv); // only the new value
        Map<String, String> copy = new TreeMap<>(values);
        copy.putAll(added);
        Map<String, String> copyWritten = new TreeMap<>(written);
        copyWritten.remove(key);
        copyWritten.putAll(addedWritten);
        return new ErrandConfig(copy, source, copyWritten);
    }

    public Optional<String> get(String key) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    public String string(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    public int integer(String key, int defaultValue, int min, int max) {
        return (int) longValue(key, defaultValue, min, max);
    }

    public long longValue(String key, long defaultValue, long min, long max) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(v.get().replace("_", ""));
            if (n < min || n > max) {
                throw invalid(key, v.get(), "an integer from " + min + " to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw invalid(key, v.get(), "an integer from " + min + " to " + max);
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        return switch (v.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw invalid(key, v.get(), "true or false");
        };
    }

    /** A positive duration such as {@code 30s}; see {@link Durations}. */
    public Duration duration(String key, Duration defaultValue) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            Duration d = Durations.parse(v.get());
            if (d.isNegative() || d.isZero()) {
                throw invalid(key, v.get(), "a positive duration");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw invalid(key, v.get(), Durations.FORMAT);
        }
    }

    /** One of {@code allowed}, compared case-sensitively. */
    public String choice(String key, String defaultValue, Collection<String> allowed) {
        String v = string(key, defaultValue);
        if (!allowed.contains(v)) {
            throw invalid(
                    key,
                    v,
                    "one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return v;
    }

    /** A comma-separated list, blanks dropped; empty when the key is absent. */
    public List<String> list(String key) {
        return get(key).map(v -> Arrays.stream(v.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList())
                .orElse(List.of());
    }

    /**
     * The value of {@code key} as it may be printed: as written when it came from {@code ${env:...}}
     * or {@code ${file:...}} references (whatever they resolved to is never shown, whatever the key),
     * secrets as {@code ****}, passwords in URLs masked; null when the key is not set.
     */
    public String printable(String key) {
        String w = written.get(key);
        return Secrets.redact(key, w != null ? w : values.get(key));
    }

    /** Every key and value as they may be printed ({@link #printable}). */
    @Override
    public String toString() {
        StringBuilder b =
                new StringBuilder("ErrandConfig[source=").append(source).append(", values={");
        String sep = "";
        for (String key : new TreeMap<>(values).keySet()) {
            b.append(sep).append(key).append('=').append(printable(key));
            sep = ", ";
        }
        return b.append("}]").toString();
    }

    /**
     * The exception for a bad value: names the key, the value (redacted when it is a secret; as
     * written when it came from a {@code ${env:}} or {@code ${file:}} reference), what is allowed
     * and where it came from.
     */
    public ErrandConfigException invalid(String key, String value, String allowed) {
        String shown = written.containsKey(key) ? printable(key) : Secrets.redact(key, value);
        return new ErrandConfigException(
                "invalid value '" + shown + "' for " + key + " (from " + source + "): expected " + allowed);
    }
}
