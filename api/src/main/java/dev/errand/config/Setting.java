package dev.errand.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One configuration key, declared once by the module that reads it: its name, type, default, the
 * values allowed and a line of documentation. Reading goes through the declaration, so a bad value
 * fails the same way everywhere, naming the key, the value and what is allowed
 * ({@link ErrandConfig#invalid}); {@code docs/configuration.md} is generated from the declarations
 * ({@link SettingsReference}) and unknown keys are found with them ({@link KnownKeys}).
 *
 * <pre>{@code
 * static final Setting<Integer> CAPACITY = Setting.integer("errand.memory.capacity", 1_000_000, 1, Integer.MAX_VALUE)
 *         .doc("most unfinished jobs held at once; enqueue beyond it fails");
 * int capacity = CAPACITY.get(config);
 * }</pre>
 *
 * <p>A key may hold placeholders, one segment each ({@code errand.manager.group.<group>.threads}, read
 * through {@link #at}), or end with {@code *} for settings passed through to a library
 * ({@code errand.jdbc.pool.*}, read as a map with the prefix removed).
 *
 * @param <T> the type of the value
 */
public final class Setting<T> {
    /** A placeholder segment of a key, e.g. {@code <group>}. */
    static final Pattern PLACEHOLDER = Pattern.compile("<[^.>]+>");

    private final String key;
    private final String type;
    private final T defaultValue;
    private final String defaultText;
    private final String allowed;
    private final String doc;
    /** The value of a key, parsed and checked, or null when it is not set. */
    private final BiFunction<ErrandConfig, String, T> reader;

    private final Predicate<T> check;

    private Setting(
            String key,
            String type,
            T defaultValue,
            String defaultText,
            String allowed,
            String doc,
            BiFunction<ErrandConfig, String, T> reader,
            Predicate<T> check) {
        this.key = Objects.requireNonNull(key, "key == null");
        this.type = type;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.allowed = allowed;
        this.doc = Objects.requireNonNull(doc, "doc == null");
        this.reader = reader;
        this.check = check;
        if (!key.startsWith("errand.")) {
            throw new IllegalArgumentException("setting key " + key + " does not start with errand.");
        }
    }

    private static <T> Setting<T> of(
            String key, String type, T defaultValue, String allowed, BiFunction<ErrandConfig, String, T> parse) {
        return new Setting<>(
                key,
                type,
                defaultValue,
                null,
                allowed,
                "",
                (config, k) -> config.get(k).isEmpty() ? null : parse.apply(config, k),
                v -> true);
    }

    /** A whole number from {@code min} to {@code max}; null: no default (or one computed, {@link #defaultText}). */
    public static Setting<Integer> integer(String key, Integer defaultValue, int min, int max) {
        return of(
                key,
                "integer",
                defaultValue,
                range(min, max, Integer.MAX_VALUE),
                (config, k) -> config.integer(k, min, min, max));
    }

    /** A whole number from {@code min} to {@code max}, as a long. */
    public static Setting<Long> longInteger(String key, Long defaultValue, long min, long max) {
        return of(
                key,
                "integer",
                defaultValue,
                range(min, max, Long.MAX_VALUE),
                (config, k) -> config.longValue(k, min, min, max));
    }

    /** {@code true} or {@code false} (also {@code yes}/{@code no}, {@code on}/{@code off}). */
    public static Setting<Boolean> bool(String key, boolean defaultValue) {
        return of(key, "boolean", defaultValue, "true, false", (config, k) -> config.bool(k, defaultValue));
    }

    /** A positive duration such as {@code 30s} ({@link Durations}); null: no default. */
    public static Setting<Duration> duration(String key, Duration defaultValue) {
        return of(key, "duration", defaultValue, "positive", (config, k) -> config.duration(k, null));
    }

    /** Any text; narrow it with {@link #check}. Null: no default. */
    public static Setting<String> string(String key, String defaultValue) {
        return of(key, "string", defaultValue, "", (config, k) -> config.get(k).orElseThrow());
    }

    /** One of {@code values}, compared case-sensitively. */
    public static Setting<String> choice(String key, String defaultValue, Collection<String> values) {
        List<String> sorted = values.stream().sorted().toList();
        return of(
                key, "string", defaultValue, String.join(", ", sorted), (config, k) -> config.choice(k, null, sorted));
    }

    /** A comma-separated list, blanks dropped; empty when not set. */
    public static Setting<List<String>> list(String key) {
        return of(key, "list", List.of(), "comma-separated", (config, k) -> config.list(k));
    }

    /** A file path; relative paths are for the reader to resolve. Null: no default. */
    public static Setting<Path> path(String key, String defaultValue) {
        return of(key, "path", defaultValue == null ? null : Path.of(defaultValue), "a file path", (config, k) -> {
            String v = config.get(k).orElseThrow();
            try {
                return Path.of(v);
            } catch (InvalidPathException e) {
                throw config.invalid(k, v, "a file path");
            }
        });
    }

    /**
     * Every key under {@code prefix} (which ends with a dot), handed on to a library as they are:
     * read as a map from the rest of each key to its value.
     */
    public static Setting<Map<String, String>> passThrough(String prefix) {
        if (!prefix.endsWith(".")) {
            throw new IllegalArgumentException("prefix " + prefix + " does not end with a dot");
        }
        return new Setting<>(
                prefix + "*",
                "pass-through",
                Map.of(),
                null,
                "",
                "",
                (config, k) -> {
                    Map<String, String> values = config.withPrefix(prefix);
                    return values.isEmpty() ? null : values;
                },
                v -> true);
    }

    /** This setting documented by {@code doc}, one line for the reference. */
    public Setting<T> doc(String doc) {
        return new Setting<>(key, type, defaultValue, defaultText, allowed, doc, reader, check);
    }

    /**
     * The default as the reference shows it, for a default computed when the value is read
     * ({@link #get(ErrandConfig, Object)}), e.g. {@code a third of errand.worker.lease}.
     */
    public Setting<T> defaultText(String text) {
        return new Setting<>(key, type, defaultValue, text, allowed, doc, reader, check);
    }

    /** The values allowed as the reference shows them, where the type's own words say too little. */
    public Setting<T> allowed(String text) {
        return new Setting<>(key, type, defaultValue, defaultText, text, doc, reader, check);
    }

    /**
     * Only values that pass {@code test} are allowed; any other fails naming the key, the value and
     * {@code allowed}, which the reference shows too.
     */
    public Setting<T> check(Predicate<T> test, String allowed) {
        Objects.requireNonNull(test, "test == null");
        return new Setting<>(key, type, defaultValue, defaultText, allowed, doc, reader, check.and(test));
    }

    /** The same type, default, checks and documentation under another key (to document it anew, {@link #doc}). */
    public Setting<T> renamed(String key) {
        return new Setting<>(key, type, defaultValue, defaultText, allowed, doc, reader, check);
    }

    /** The key, e.g. {@code errand.worker.threads}; with placeholders or a trailing {@code *} for a pattern. */
    public String key() {
        return key;
    }

    /** The value, else the declared default (null when there is none). */
    public T get(ErrandConfig config) {
        return get(config, defaultValue);
    }

    /** The value, else {@code fallback}: for a default computed from other values. */
    public T get(ErrandConfig config, T fallback) {
        if (PLACEHOLDER.matcher(key).find()) {
            throw new IllegalStateException(key + " has placeholders; read it through at(...)");
        }
        T value = reader.apply(config, key);
        if (value == null) {
            return fallback;
        }
        if (!check.test(value)) {
            throw config.invalid(key, config.get(key).orElse(""), allowed);
        }
        return value;
    }

    /** True when the configuration sets this key (to a value that is not blank). */
    public boolean isSet(ErrandConfig config) {
        return config.get(key).isPresent();
    }

    /**
     * This setting for one name per placeholder, in order: {@code errand.manager.group.<group>.threads}
     * at {@code mail} is {@code errand.manager.group.mail.threads}.
     */
    public Setting<T> at(String... names) {
        Matcher m = PLACEHOLDER.matcher(key);
        StringBuilder concrete = new StringBuilder();
        int i = 0;
        while (m.find()) {
            if (i == names.length) {
                throw new IllegalArgumentException(key + " has more placeholders than " + List.of(names));
            }
            m.appendReplacement(concrete, Matcher.quoteReplacement(names[i++]));
        }
        m.appendTail(concrete);
        if (i != names.length) {
            throw new IllegalArgumentException(key + " has " + i + " placeholders, not " + names.length);
        }
        return new Setting<>(concrete.toString(), type, defaultValue, defaultText, allowed, doc, reader, check);
    }

    /** For the reference: {@code integer}, {@code boolean}, {@code duration}, {@code string}, {@code list}, ... */
    public String type() {
        return type;
    }

    /** The declared default, or null. */
    public T defaultValue() {
        return defaultValue;
    }

    /** For the reference: the default as written in a file ({@code 30s}), or its description; empty for none. */
    public String defaultText() {
        if (defaultText != null) {
            return defaultText;
        }
        if (defaultValue == null
                || defaultValue instanceof Collection<?> c && c.isEmpty()
                || defaultValue instanceof Map<?, ?> m && m.isEmpty()) {
            return "";
        }
        if (defaultValue instanceof Duration d) {
            return d.toSeconds() % 86_400 == 0 && d.toNanosPart() == 0 ? d.toDays() + "d" : Durations.format(d);
        }
        return defaultValue.toString();
    }

    /** True when {@link #defaultText()} is a value as written in a file rather than a description. */
    public boolean defaultIsValue() {
        return defaultText == null && !defaultText().isEmpty();
    }

    /** For the reference: the values allowed, e.g. {@code 1 to 10000}; empty when any value of the type is. */
    public String allowed() {
        return allowed;
    }

    /** For the reference: what the setting does, one line. */
    public String doc() {
        return doc;
    }

    /** The key, so that a setting reads as its key in messages. */
    @Override
    public String toString() {
        return key;
    }

    private static String range(long min, long max, long unbounded) {
        return max == unbounded ? "at least " + min : min + " to " + max;
    }
}
