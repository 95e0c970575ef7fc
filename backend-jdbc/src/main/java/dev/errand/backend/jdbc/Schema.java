package dev.errand.backend.jdbc;

import dev.errand.backend.jdbc.dialect.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and checks the tables. The DDL of each version ships as a class-path resource per
 * database ({@code schema/postgres.sql}, {@code mysql.sql}, {@code h2.sql}); version 1 is the
 * whole schema, and a later release adds {@code <database>-<n>.sql} for each version n it
 * migrates to, applied in order under a database-wide lock and recorded in
 * {@code <prefix>schema_version}. Every statement is idempotent ({@code IF NOT EXISTS}), so two
 * processes starting together on an empty database cannot trip over each other.
 */
final class Schema {
    /**
     * The schema version this release reads and writes: 2 adds the retention index on (state, finished_at) and the
     * maintenance lease table; 3 the schedules of recurring jobs; 4 the operator's listing indexes and the paused
     * queues table; 5 the jobs' headers column; 6 partial listing indexes on PostgreSQL (no change elsewhere); 7 the
     * jobs' awaited flag, and PostgreSQL's outcome notifications only for awaited jobs; 8 MySQL's priority rank as
     * {@code -1 - priority}, which fits every priority (no change elsewhere).
     */
    static final int VERSION = 8;

    private static final Logger log = LoggerFactory.getLogger(Schema.class);
    /** Serialises schema work of backends in this JVM (H2 has no database-wide lock statement). */
    private static final Object JVM_LOCK = new Object();

    private Schema() {}

    /**
     * Brings the schema to {@link #VERSION}, or with {@code create == false} only checks that it
     * is there; throws a {@link JdbcBackendException} that says what to do otherwise.
     */
    static void prepare(Database db, boolean create, Clock clock, String source) {
        Dialect dialect = db.dialect();
        String versions = dialect.tables().expand("{prefix}schema_version");
        synchronized (JVM_LOCK) {
            try (Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(true);
                int current;
                try {
                    current = currentVersion(c, dialect);
                } catch (SQLException e) {
                    if (!PrivilegeCheck.isDenied(e)) {
                        throw e;
                    }
                    throw new JdbcBackendException(
                            "cannot read the Errand schema version from " + versions + " as database "
                                    + "user '" + c.getMetaData().getUserName() + "' (" + JdbcSettings.USERNAME
                                    + ", from " + source
                                    + ") on " + dialect.name() + ": " + e.getMessage() + ". Grant the user SELECT on "
                                    + versions
                                    + " (backend-jdbc/README.md, \"Privileges\", lists every GRANT)",
                            e);
                }
                if (current > VERSION) {
                    throw new JdbcBackendException(
                            "the tables with prefix " + dialect.tables().prefix() + " are at schema "
                                    + "version " + current + " (table " + versions
                                    + "), newer than this release of errand-backend-jdbc "
                                    + "understands (" + VERSION + "); upgrade Errand, or use another "
                                    + JdbcSettings.TABLE_PREFIX,
                            null);
                }
                if (current < VERSION && !create) {
                    throw new JdbcBackendException(
                            "the Errand tables with prefix " + dialect.tables().prefix()
                                    + (current == 0
                                            ? " are missing (no " + versions + ")"
                                            : " are at schema version " + current + " (table " + versions
                                                    + "), older than this release " + "of errand-backend-jdbc needs ("
                                                    + VERSION + "),")
                                    + " and " + JdbcSettings.CREATE_SCHEMA + "=false (from " + source + "); run "
                                    + resources(dialect, current)
                                    + " from errand-backend-jdbc in that order with {prefix} replaced by "
                                    + dialect.tables().prefix() + ", or set " + JdbcSettings.CREATE_SCHEMA + "=true",
                            null);
                }
                if (current < VERSION) {
                    try {
                        migrate(c, dialect, current, clock);
                    } catch (SQLException e) {
                        throw new JdbcBackendException(
                                "could not create the Errand tables with prefix "
                                        + dialect.tables().prefix() + " on " + dialect.name() + ": " + e.getMessage()
                                        + ". The database user needs the privilege to create tables"
                                        + (dialect.name().equals("postgresql")
                                                ? ", sequences, functions and triggers"
                                                : "")
                                        + "; grant it, or create them once with " + resources(dialect, current)
                                        + " and set "
                                        + JdbcSettings.CREATE_SCHEMA + "=false",
                                e);
                    }
                }
            } catch (SQLException e) {
                throw JdbcBackendException.of("check the Errand schema", dialect.name(), e);
            }
            PrivilegeCheck.verify(db, source);
        }
    }

    private static void migrate(Connection c, Dialect dialect, int from, Clock clock) throws SQLException {
        try (Statement s = c.createStatement()) {
            lockSchema(s, dialect);
            try {
                int current = currentVersion(c, dialect);
                for (int version = current + 1; version <= VERSION; version++) {
                    String resource = resource(dialect, version);
                    for (String statement : statements(dialect.tables().expand(read(resource)))) {
                        s.execute(statement);
                    }
                    try (PreparedStatement ps = c.prepareStatement(dialect.recordSchemaVersion())) {
                        ps.setInt(1, version);
                        ps.setLong(2, Micros.of(clock.instant()));
                        ps.setString(3, resource);
                        ps.executeUpdate();
                    }
                    log.info(
                            "created Errand schema version {} on {} with table prefix {} ({})",
                            version,
                            dialect.name(),
                            dialect.tables().prefix(),
                            resource);
                }
            } finally {
                s.execute(dialect.unlockSchema());
            }
        }
    }

    /**
     * Takes the database-wide schema lock. MySQL's {@code GET_LOCK} answers 0 when it timed out instead of failing:
     * going on would run the DDL beside the process that holds the lock, which on MySQL copies the table once more.
     */
    private static void lockSchema(Statement s, Dialect dialect) throws SQLException {
        try (ResultSet rs = s.executeQuery(dialect.lockSchema())) {
            if (rs.next() && rs.getObject(1) instanceof Number answer && answer.intValue() == 0) {
                throw new JdbcBackendException(
                        "another process held the lock on the Errand schema with table prefix "
                                + dialect.tables().prefix()
                                + " on " + dialect.name() + " for longer than this one waits (" + dialect.lockSchema()
                                + "): it is creating or upgrading the tables, which copies the jobs table on MySQL. "
                                + "Start this process again once it is done",
                        null);
            }
        }
    }

    /** The DDL of one schema version: {@code postgres.sql} for version 1, {@code postgres-<n>.sql} after. */
    static String resource(Dialect dialect, int version) {
        return version == 1
                ? dialect.schemaResource()
                : dialect.schemaResource().replace(".sql", "-" + version + ".sql");
    }

    /** The DDL scripts that bring a schema at version {@code from} to {@link #VERSION}, comma-separated, for messages. */
    private static String resources(Dialect dialect, int from) {
        List<String> out = new ArrayList<>();
        for (int version = from + 1; version <= VERSION; version++) {
            out.add(resource(dialect, version));
        }
        return String.join(", ", out);
    }

    /** The applied version, 0 when the version table does not exist. */
    private static int currentVersion(Connection c, Dialect dialect) throws SQLException {
        if (!versionTableExists(c, dialect)) {
            return 0;
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(dialect.schemaVersion())) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static boolean versionTableExists(Connection c, Dialect dialect) throws SQLException {
        String table = dialect.tables().expand("{prefix}schema_version");
        var meta = c.getMetaData();
        for (String name : new String[] {table, table.toUpperCase(java.util.Locale.ROOT)}) {
            try (ResultSet rs = meta.getTables(c.getCatalog(), null, name, new String[] {"TABLE"})) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    if (schema == null || schema.equalsIgnoreCase(currentSchema(c))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String currentSchema(Connection c) throws SQLException {
        String schema = c.getSchema();
        return schema == null ? "" : schema;
    }

    private static String read(String resource) {
        try (InputStream in = Schema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + resource + " is missing from errand-backend-jdbc");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema resource " + resource, e);
        }
    }

    /**
     * Splits a DDL script into statements: they end with {@code ;} at the end of a line, except
     * inside {@code $$} bodies; lines starting with {@code --} are comments.
     */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inBody = false;
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (!inBody && (trimmed.isEmpty() || trimmed.startsWith("--"))) {
                continue;
            }
            current.append(line).append('\n');
            int dollars = 0;
            for (int i = line.indexOf("$$"); i >= 0; i = line.indexOf("$$", i + 2)) {
                dollars++;
            }
            if (dollars % 2 == 1) {
                inBody = !inBody;
            }
            if (!inBody && trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                out.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }
}
