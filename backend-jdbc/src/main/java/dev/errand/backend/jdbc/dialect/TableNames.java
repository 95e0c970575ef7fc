package dev.errand.backend.jdbc.dialect;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The names of the backend's tables and other objects, all starting with one validated prefix
 * ({@code errand.jdbc.tablePrefix}). Dialects expand their statement templates with
 * {@link #expand} once, when they are constructed; nothing else puts names into SQL.
 */
public final class TableNames {
    /** Lower-case letters, digits and underscores, starting with a letter: safe unquoted everywhere. */
    public static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,30}");

    private final String prefix;

    private TableNames(String prefix) {
        this.prefix = prefix;
    }

    /** Names with this prefix; throws {@link IllegalArgumentException} when it does not match {@link #PREFIX}. */
    public static TableNames withPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix == null");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("table prefix '" + prefix + "' must match " + PREFIX.pattern());
        }
        return new TableNames(prefix);
    }

    public String prefix() {
        return prefix;
    }

    public String jobs() {
        return prefix + "jobs";
    }

    /** The PostgreSQL channel that announces new or returned work; the payload is the queue. */
    public String workChannel() {
        return prefix + "work";
    }

    /** The PostgreSQL channel that announces finished jobs; the payload is the job id. */
    public String doneChannel() {
        return prefix + "done";
    }

    /**
     * Replaces {@code {prefix}} in a statement or DDL template, e.g. {@code {prefix}jobs} becomes
     * {@code errand_jobs}.
     */
    public String expand(String template) {
        return template.replace("{prefix}", prefix);
    }
}
