package dev.errand.backend.jdbc;

import dev.errand.backend.jdbc.dialect.PostgresDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL session per backend that {@code LISTEN}s to the work and done channels and
 * hands each notification to the backend: a queue name wakes idle workers, a job id nudges the
 * outcome poller. When the connection breaks (database restart, network) it reconnects with a
 * growing pause of up to 5 s, and tells the backend, which then re-checks what it may have
 * missed. While it is down, {@link #connected()} is false and the backend polls instead.
 */
final class PgListener {
    private static final Logger log = LoggerFactory.getLogger(PgListener.class);
    private static final int POLL_MILLIS = 250;

    private final DataSource dataSource;
    private final PostgresDialect dialect;
    private final Consumer<String> onWork;
    private final LongConsumer onDone;
    private final Runnable onConnected;
    private final Object lock = new Object();
    private final Thread thread;
    private volatile boolean connected;
    private volatile boolean closed;

    PgListener(DataSource dataSource, PostgresDialect dialect, Consumer<String> onWork, LongConsumer onDone,
            Runnable onConnected) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.onWork = onWork;
        this.onDone = onDone;
        this.onConnected = onConnected;
        this.thread = new Thread(this::run, "errand-jdbc-listen-" + dialect.tables().prefix());
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean connected() {
        return connected;
    }

    /** Stops listening; the thread leaves within {@value #POLL_MILLIS} ms and returns its connection. */
    void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void run() {
        long pauseMillis = 100;
        while (!closed) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                PGConnection pg = c.unwrap(PGConnection.class);
                try (Statement s = c.createStatement()) {
                    s.execute(dialect.listen());
                }
                connected = true;
                if (pauseMillis > 100) {
                    log.info("listening to {} and {} again", dialect.tables().workChannel(), dialect.tables().doneChannel());
                }
                pauseMillis = 100;
                onConnected.run();
                while (!closed) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        dispatch(notifications);
                    }
                }
                connected = false;
                try (Statement s = c.createStatement()) {
                    s.execute(dialect.unlisten());
                }
            } catch (SQLException | RuntimeException e) {
                connected = false;
                if (closed) {
                    return;
                }
                log.warn("PostgreSQL LISTEN connection failed; idle workers poll every {} until it is back; reconnecting "
                        + "in {} ms", JdbcSettings.POLL_INTERVAL, pauseMillis, e);
                pause(pauseMillis);
                pauseMillis = Math.min(5000, pauseMillis * 2);
            }
        }
    }

    private void dispatch(PGNotification[] notifications) {
        String work = dialect.tables().workChannel();
        for (PGNotification n : notifications) {
            if (n.getName().equals(work)) {
                onWork.accept(n.getParameter());
            } else {
                try {
                    onDone.accept(Long.parseLong(n.getParameter()));
                } catch (NumberFormatException e) {
                    log.warn("ignoring notification {} with payload '{}'", n.getName(), n.getParameter());
                }
            }
        }
    }

    private void pause(long millis) {
        synchronized (lock) {
            if (!closed) {
                try {
                    lock.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closed = true;
                }
            }
        }
    }
}
