package dev.errand.bench.backend;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import org.postgresql.PGConnection;

/**
 * A JDBC driver for URLs {@code jdbc:counting:<rest>} that opens {@code jdbc:<rest>} with the real
 * driver and counts what costs a round trip to the server: statement executions (a batch counts
 * once: PostgreSQL's {@code reWriteBatchedInserts} and MariaDB's bulk protocol send it at once),
 * commits, rollbacks, and the other calls that talk to the server ({@code isValid}, isolation and
 * auto-commit switches). The backend is used unchanged: only its URL names this driver, so
 * HikariCP, the dialect probe and {@code unwrap(PGConnection.class)} all see the real driver (a copy through the
 * latter is counted, see {@link CopyCountingHandler}).
 *
 * <p>The counts are an upper bound per call: a rollback with no open transaction, for example,
 * may not reach the server. Counted for every connection of this JVM.
 */
public final class CountingDriver implements Driver {
    public static final String PREFIX = "jdbc:counting:";

    private static final LongAdder STATEMENTS = new LongAdder();
    private static final LongAdder COMMITS = new LongAdder();
    private static final LongAdder ROLLBACKS = new LongAdder();
    private static final LongAdder OTHER = new LongAdder();
    private static final Set<String> EXECUTES = Set.of(
            "execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch");
    private static final Set<String> OTHER_SERVER_CALLS = Set.of(
            "isValid",
            "setTransactionIsolation",
            "setAutoCommit",
            "setReadOnly",
            "setSchema",
            "setCatalog",
            "setSavepoint",
            "releaseSavepoint");
    private static volatile boolean registered;

    /** Registers the driver with {@link DriverManager} once. */
    public static synchronized void register() {
        if (!registered) {
            try {
                DriverManager.registerDriver(new CountingDriver());
            } catch (SQLException e) {
                throw new IllegalStateException("cannot register the counting JDBC driver", e);
            }
            registered = true;
        }
    }

    /** {@code jdbc:postgresql://...} → {@code jdbc:counting:postgresql://...}. */
    /** The URL {@link #wrap} wrapped, for a process without this driver. */
    public static String unwrap(String url) {
        return url.startsWith(PREFIX) ? "jdbc:" + url.substring(PREFIX.length()) : url;
    }

    public static String wrap(String url) {
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("not a JDBC URL: " + url);
        }
        register();
        return PREFIX + url.substring("jdbc:".length());
    }

    /** Counts since start, by kind: statements, commits, rollbacks, other. */
    public static Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("stmt", STATEMENTS.sum());
        m.put("commit", COMMITS.sum());
        m.put("rollback", ROLLBACKS.sum());
        m.put("other", OTHER.sum());
        return m;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Connection real = DriverManager.getConnection("jdbc:" + url.substring(PREFIX.length()), info);
        return proxy(Connection.class, real, new ConnectionHandler(real));
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    private static <T> T proxy(Class<T> type, T real, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(CountingDriver.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final class ConnectionHandler implements InvocationHandler {
        private final Connection real;

        ConnectionHandler(Connection real) {
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "commit" -> COMMITS.increment();
                case "rollback" -> ROLLBACKS.increment();
                case "unwrap" -> {
                    Class<?> iface = (Class<?>) args[0];
                    if (iface.isInstance(proxy)) {
                        return proxy;
                    }
                    Object unwrapped = real.unwrap(iface);
                    return iface == PGConnection.class
                            ? proxy(PGConnection.class, (PGConnection) unwrapped, new CopyCountingHandler(unwrapped))
                            : unwrapped;
                }
                case "isWrapperFor" -> {
                    Class<?> iface = (Class<?>) args[0];
                    return iface.isInstance(proxy) || real.isWrapperFor(iface);
                }
                default -> {
                    if (OTHER_SERVER_CALLS.contains(name)) {
                        OTHER.increment();
                    }
                }
            }
            Object result = call(real, method, args);
            if (result instanceof CallableStatement s) {
                return proxy(CallableStatement.class, s, new StatementHandler(s));
            }
            if (result instanceof PreparedStatement s) {
                return proxy(PreparedStatement.class, s, new StatementHandler(s));
            }
            if (result instanceof Statement s) {
                return proxy(Statement.class, s, new StatementHandler(s));
            }
            return result;
        }
    }

    /**
     * The driver's own connection, as the backend unwraps it to copy rows in: each copy counts as a statement and an
     * other round trip (the {@code COPY} and its data are two: the server answers the first before the data goes).
     */
    private static final class CopyCountingHandler implements InvocationHandler {
        private final Object real;

        CopyCountingHandler(Object real) {
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("getCopyAPI")) {
                STATEMENTS.increment();
                OTHER.increment();
            }
            return call(real, method, args);
        }
    }

    private static final class StatementHandler implements InvocationHandler {
        private final Statement real;

        StatementHandler(Statement real) {
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (EXECUTES.contains(name)) {
                STATEMENTS.increment();
            } else if (name.equals("unwrap")) {
                Class<?> iface = (Class<?>) args[0];
                return iface.isInstance(proxy) ? proxy : real.unwrap(iface);
            }
            return call(real, method, args);
        }
    }
}
