package dev.errand.job;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Small named strings stored with a job beside its arguments, for what travels with a job without being one of its
 * parameters: a trace context ({@code traceparent}, {@code tracestate}), a tenant or a correlation id. Every backend
 * that declares {@code Capability.HEADERS} stores them at enqueue and hands them back on claim and in
 * {@code Errand.job(id)}; retries keep them.
 *
 * <p>Kept small and plain so that every store holds them as one text field: at most {@value #MAX_ENTRIES} headers;
 * names of 1 to {@value #MAX_NAME_LENGTH} lower-case letters, digits or {@code _ . -}, starting with a letter or
 * digit; values of at most {@value #MAX_VALUE_LENGTH} printable ASCII characters (space to {@code ~}); at most
 * {@value #MAX_ENCODED_LENGTH} characters encoded. Immutable; names are kept in sorted order.
 */
public final class JobHeaders {
    public static final int MAX_ENTRIES = 16;
    public static final int MAX_NAME_LENGTH = 64;
    public static final int MAX_VALUE_LENGTH = 1024;
    public static final int MAX_ENCODED_LENGTH = 4096;

    private static final JobHeaders EMPTY = new JobHeaders(new TreeMap<>());

    private final Map<String, String> entries;

    private JobHeaders(TreeMap<String, String> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    public static JobHeaders empty() {
        return EMPTY;
    }

    /**
     * These headers, checked.
     *
     * @throws IllegalArgumentException naming the header at fault and the rule it breaks
     */
    public static JobHeaders of(Map<String, String> headers) {
        Objects.requireNonNull(headers, "headers == null");
        if (headers.isEmpty()) {
            return EMPTY;
        }
        TreeMap<String, String> copy = new TreeMap<>();
        headers.forEach((name, value) -> copy.put(checkName(name), checkValue(name, value)));
        return checked(copy);
    }

    /** These headers with {@code name} set to {@code value} (replacing an earlier value). */
    public JobHeaders with(String name, String value) {
        TreeMap<String, String> copy = new TreeMap<>(entries);
        copy.put(checkName(name), checkValue(name, value));
        return checked(copy);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** The headers by name, in name order; unmodifiable. */
    public Map<String, String> asMap() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * The stored form: one {@code name=value} line per header, joined by {@code \n}; {@code ""} when there are none.
     * Neither part can hold a line break and a name cannot hold {@code =}, so no escaping is needed.
     */
    public String encode() {
        if (entries.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        entries.forEach((name, value) -> {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(name).append('=').append(value);
        });
        return out.toString();
    }

    /**
     * Reads what {@link #encode()} wrote; null or {@code ""} is no headers.
     *
     * @throws IllegalArgumentException when {@code encoded} is not such text, naming the line at fault
     */
    public static JobHeaders decode(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return EMPTY;
        }
        TreeMap<String, String> entries = new TreeMap<>();
        for (String line : encoded.split("\n", -1)) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("stored job headers have a line without 'name=': '" + line
                        + "'; they were not written by Errand");
            }
            String name = line.substring(0, eq);
            entries.put(checkName(name), checkValue(name, line.substring(eq + 1)));
        }
        return checked(entries);
    }

    private static JobHeaders checked(TreeMap<String, String> entries) {
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("a job can carry at most " + MAX_ENTRIES + " headers but was given "
                    + entries.size() + " " + entries.keySet() + "; drop some");
        }
        JobHeaders headers = new JobHeaders(entries);
        int length = headers.encode().length();
        if (length > MAX_ENCODED_LENGTH) {
            throw new IllegalArgumentException("the headers " + entries.keySet() + " of a job take " + length
                    + " characters, over the limit of " + MAX_ENCODED_LENGTH
                    + "; headers carry small metadata such as a trace context, pass data as job arguments");
        }
        return headers;
    }

    private static String checkName(String name) {
        if (!isName(name)) {
            throw new IllegalArgumentException("invalid job header name '" + name + "': use 1 to " + MAX_NAME_LENGTH
                    + " lower-case letters, digits or _ . -, starting with a letter or digit");
        }
        return name;
    }

    private static boolean isName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    private static String checkValue(String name, String value) {
        Objects.requireNonNull(value, () -> "value of job header '" + name + "' == null");
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("job header '" + name + "' is " + value.length()
                    + " characters long, over the limit of " + MAX_VALUE_LENGTH);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < ' ' || c > '~') {
                throw new IllegalArgumentException("job header '" + name + "' has character U+"
                        + String.format("%04X", (int) c) + " at index " + i
                        + "; values are printable ASCII (space to ~): encode other text first");
            }
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobHeaders other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "JobHeaders" + entries;
    }
}
