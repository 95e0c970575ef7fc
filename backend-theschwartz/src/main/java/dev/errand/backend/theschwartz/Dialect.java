package dev.errand.backend.theschwartz;

import java.util.List;

/**
 * The few statements that differ between the databases TheSchwartz runs on; everything else is {@link Statements}.
 * Every statement is written out in full.
 */
enum Dialect {
    SQLITE("sqlite", "sqlite.sql", Short.MIN_VALUE, Short.MAX_VALUE, 8000, Sql.INSERT_RETURNING, Sql.RETRY_MAX),
    POSTGRESQL(
            "postgresql",
            "postgres.sql",
            Short.MIN_VALUE,
            Short.MAX_VALUE,
            8000,
            Sql.INSERT_RETURNING,
            Sql.RETRY_GREATEST),
    /** MySQL and MariaDB: {@code SMALLINT UNSIGNED} priority, {@code VARCHAR(255)} latin1 messages. */
    MYSQL("mysql", "mysql.sql", 0, 65535, 255, Sql.INSERT_PLAIN, Sql.RETRY_GREATEST) {
        @Override
        boolean returnsInsertedIds() {
            return false;
        }

        @Override
        String errorText(String text) {
            // latin1 columns in strict mode refuse any other character (error 1366) and the failure would be lost.
            StringBuilder out = new StringBuilder(text.length());
            text.codePoints().forEach(c -> out.appendCodePoint(c <= 0xFF ? c : '?'));
            return super.errorText(out.toString());
        }
    };

    /** The statements, written out in full once each. */
    private static final class Sql {
        static final String INSERT_RETURNING = """
                INSERT INTO job (funcid, arg, uniqkey, insert_time, run_after, grabbed_until, priority, coalesce)
                VALUES (?, ?, ?, ?, ?, 0, ?, ?)
                ON CONFLICT (funcid, uniqkey) DO NOTHING
                RETURNING jobid""";
        // No INSERT IGNORE: it would turn strict mode's refusals into silent changes of the data.
        static final String INSERT_PLAIN = """
                INSERT INTO job (funcid, arg, uniqkey, insert_time, run_after, grabbed_until, priority, `coalesce`)
                VALUES (?, ?, ?, ?, ?, 0, ?, ?)""";
        static final String RETRY_MAX =
                "UPDATE job SET grabbed_until = 0, run_after = MAX(run_after, ?) WHERE jobid = ? AND grabbed_until = ?";
        static final String RETRY_GREATEST =
                "UPDATE job SET grabbed_until = 0, run_after = GREATEST(run_after, ?) WHERE jobid = ? AND grabbed_until = ?";
    }

    static final List<String> NAMES = List.of("auto", "sqlite", "postgresql", "mysql");

    private final String name;
    private final String schemaFile;
    private final int minPriority;
    private final int maxPriority;
    private final int maxErrorText;
    private final String insertJob;
    private final String failRetry;

    Dialect(
            String name,
            String schemaFile,
            int minPriority,
            int maxPriority,
            int maxErrorText,
            String insertJob,
            String failRetry) {
        this.insertJob = insertJob;
        this.failRetry = failRetry;
        this.name = name;
        this.schemaFile = schemaFile;
        this.minPriority = minPriority;
        this.maxPriority = maxPriority;
        this.maxErrorText = maxErrorText;
    }

    /** Inserts one job; where {@link #returnsInsertedIds()}, skips a taken unique key and returns the new jobid. */
    String insertJob() {
        return insertJob;
    }

    /** Reschedules a failed job, fenced on the lease token: run_after, jobid, token. */
    String failRetry() {
        return failRetry;
    }

    /** False where {@link #insertJob()} gives the id through generated keys and a taken key is an error. */
    boolean returnsInsertedIds() {
        return true;
    }

    /** Error text as the {@code error.message} column takes it. */
    String errorText(String text) {
        return text.length() <= maxErrorText ? text : text.substring(0, maxErrorText);
    }

    String schemaResource() {
        return "dev/errand/backend/theschwartz/schema/" + schemaFile;
    }

    int minPriority() {
        return minPriority;
    }

    int maxPriority() {
        return maxPriority;
    }

    String settingName() {
        return name;
    }

    /** {@code auto} picks by the URL. */
    static Dialect of(String setting, String url) {
        String chosen = setting;
        if (setting.equals("auto")) {
            chosen = url.startsWith("jdbc:sqlite:")
                    ? "sqlite"
                    : url.startsWith("jdbc:postgresql:") ? "postgresql" : "mysql";
        }
        for (Dialect d : values()) {
            if (d.name.equals(chosen)) {
                return d;
            }
        }
        throw new IllegalArgumentException("no dialect " + chosen);
    }
}
