package dev.errand.backend.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * An application's data source as the backend expects its own pool to be: connections without auto-commit (the
 * backend commits each of its transactions itself). A connection that came with auto-commit goes back to the
 * application's pool as it came: rolled back (a no-op after the backend's commit) and with auto-commit on again.
 */
final class ManualCommitDataSource implements DataSource {
    private final DataSource target;

    ManualCommitDataSource(DataSource target) {
        this.target = target;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return manual(target.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return manual(target.getConnection(username, password));
    }

    private static Connection manual(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            return c;
        }
        c.setAutoCommit(false);
        return (Connection) Proxy.newProxyInstance(
                ManualCommitDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        try {
                            if (!c.isClosed() && !c.getAutoCommit()) {
                                c.rollback();
                                c.setAutoCommit(true);
                            }
                        } finally {
                            c.close();
                        }
                        return null;
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return target.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return target.isWrapperFor(type);
    }
}
