package dev.errand.backend.theschwartz;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import com.zaxxer.hikari.util.DriverDataSource;
import dev.errand.config.ErrandConfigException;
import dev.errand.jdbc.PoolProperties;
import dev.errand.spi.ConnectionPool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool to the TheSchwartz database, and the check (or creation) of its tables. */
final class Database {
    private static final int SQLITE_CONSTRAINT = 19;

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** The tables and the columns Errand reads and writes; {@code note} is not used. */
    private static final List<String> TABLES = List.of("funcmap", "job", "error", "exitstatus");

    private Database() {}

    static HikariDataSource open(TheSchwartzSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("errand-theschwartz");
        config.setAutoCommit(false);
        // SQLite knows only SERIALIZABLE (and READ UNCOMMITTED with shared cache); the others see commits at once.
        if (settings.dialect() != Dialect.SQLITE) {
            config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        }
        config.setMaximumPoolSize(ConnectionPool.needed(settings.workerThreads(), 1));
        Properties driverProperties = new Properties();
        String socketTimeout = PoolProperties.socketTimeout(settings.url(), settings.socketTimeout());
        if (socketTimeout != null) {
            driverProperties.setProperty("socketTimeout", socketTimeout);
        }
        if (settings.dialect() == Dialect.SQLITE) {
            driverProperties.setProperty(
                    "busy_timeout", Long.toString(settings.sqliteBusyTimeout().toMillis()));
        }
        String driverClassName = PoolProperties.apply(
                config,
                driverProperties,
                settings.pool(),
                settings.poolShown(),
                TheSchwartzKeys.PREFIX,
                settings.source());
        try {
            config.setDataSource(new DriverDataSource(
                    settings.url(), driverClassName, driverProperties, settings.username(), settings.password()));
        } catch (RuntimeException e) {
            throw new ErrandConfigException("no JDBC driver on the class path accepts " + TheSchwartzKeys.URL.key()
                    + "=" + settings.safeUrl() + " (from " + settings.source() + "); add the driver "
                    + "(org.xerial:sqlite-jdbc, org.postgresql:postgresql or org.mariadb.jdbc:mariadb-java-client) "
                    + "or fix the URL");
        }
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable root = e.getCause() != null ? e.getCause() : e;
            throw new TheSchwartzException(
                    "cannot connect to the TheSchwartz database at " + TheSchwartzKeys.URL.key() + "="
                            + settings.safeUrl() + " (from " + settings.source() + "): " + root.getMessage()
                            + ". Check that the database is reachable and the URL, user and password are right",
                    null);
        }
    }

    /** Creates the tables from TheSchwartz's own schema file when asked to and {@code job} is missing; checks them. */
    static void prepare(HikariDataSource pool, TheSchwartzSettings settings) {
        try (Connection c = pool.getConnection()) {
            List<String> missing = missingTables(c);
            if (!missing.isEmpty() && settings.createSchema() && missing.contains("job")) {
                createSchema(c, settings.dialect());
                missing = missingTables(c);
            }
            if (!missing.isEmpty()) {
                throw new TheSchwartzException(
                        "the TheSchwartz database at " + settings.safeUrl() + " lacks the table(s) " + missing
                                + "; create them with TheSchwartz's schema for the database (or set "
                                + TheSchwartzKeys.CREATE_SCHEMA.key() + "=true to have Errand run it)",
                        null);
            }
        } catch (SQLException e) {
            throw new TheSchwartzException(
                    "cannot check the tables of the TheSchwartz database at " + settings.safeUrl() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static List<String> missingTables(Connection c) throws SQLException {
        List<String> missing = new ArrayList<>();
        for (String table : TABLES) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE 1 = 0")) {
                rs.next();
            } catch (SQLException e) {
                missing.add(table);
            } finally {
                c.rollback(); // PostgreSQL aborts the transaction on the failed statement
            }
        }
        return missing;
    }

    private static void createSchema(Connection c, Dialect dialect) throws SQLException {
        String sql;
        try (InputStream in = Database.class.getClassLoader().getResourceAsStream(dialect.schemaResource())) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + dialect.schemaResource() + " is missing");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + dialect.schemaResource(), e);
        }
        try (Statement s = c.createStatement()) {
            for (String statement : statements(sql)) {
                s.execute(statement);
            }
        }
        c.commit();
        log.info("created TheSchwartz 1.12's tables on {} from {}", dialect.settingName(), dialect.schemaResource());
    }

    /** The statements of a schema file: split on semicolons, comment lines dropped. */
    static List<String> statements(String sql) {
        StringBuilder text = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (!line.strip().startsWith("--")) {
                text.append(line).append('\n');
            }
        }
        List<String> out = new ArrayList<>();
        for (String statement : text.toString().split(";")) {
            if (!statement.isBlank()) {
                out.add(statement.strip());
            }
        }
        return out;
    }

    /**
     * True for SQLState class 23 (integrity constraint violation), e.g. MySQL's 1062 duplicate key, and for SQLite's
     * SQLITE_CONSTRAINT (19, or an extended code of it such as 2067 UNIQUE), for which sqlite-jdbc sets no SQLState.
     */
    static boolean isDuplicateKey(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.toUpperCase(Locale.ROOT).startsWith("23")
                || state == null && (e.getErrorCode() & 0xff) == SQLITE_CONSTRAINT;
    }
}
