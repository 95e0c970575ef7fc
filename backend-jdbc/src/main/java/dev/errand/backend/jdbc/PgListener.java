package dev.errand.backend.jdbc;

import dev.errand.backend.jdbc.dialect.PostgresDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL session per backend that {@code LISTEN}s to the work and done channels, from the backend's first
 * wait for work or an outcome ({@link #start}), and hands each notification to the backend: a queue name wakes idle
 * workers, a job id nudges the outcome poller. When the connection breaks (database restart, network) it reconnects with a
 * growing pause of up to 5 s, and tells the backend, which then re-checks what it may have
 * missed. While it is down, {@link #connected()} is false and the backend polls instead.
 *
 * <p>A listening session only reads, so a connection lost without a reset (a network partition,
 * a firewall or NAT that forgot it, a server that gave up on the client) would never fail: the
 * listener would wait for notifications that cannot come, while {@link #connected()} says all is
 * well. So after {@value #CHECK_MILLIS} ms without a notification it checks the session with a
 * round trip ({@link Connection#isValid}, at most {@value #CHECK_TIMEOUT_SECONDS} s) and reconnects
 * when there is no answer.
 *
 * <p>pgjdbc hands on the notifications it reads only once 1 ms passes without another: under a steady stream of
 * enqueues (a thousand or more a second on the tables) one {@code getNotifications} call lasts as long as the stream
 * and every wake-up waits for its end. A call that outlasts its own time-out therefore means notifications are held
 * back ({@link #holdingBack()}), and the backend's waiters poll meanwhile.
 */
final class PgListener {
    private static final Logger log = LoggerFactory.getLogger(PgListener.class);
    private static final int POLL_MILLIS = 50;
    /**
     * How long a read of notifications may last before they count as held back: its time-out, and slack for a thread
     * that was not scheduled at once (a false sign costs one poll).
     */
    static final Duration HELD_BACK_AFTER = Duration.ofMillis(POLL_MILLIS + 100);
    /** A session silent this long is checked with a round trip. */
    static final long CHECK_MILLIS = 5000;
    /** How long that round trip may take before the session counts as lost. */
    static final int CHECK_TIMEOUT_SECONDS = 5;

    private final DataSource dataSource;
    private final PostgresDialect dialect;
    private final Consumer<String> onWork;
    private final LongConsumer onDone;
    private final Runnable onConnected;
    private final Object lock = new Object();
    private final Thread thread;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean connected;
    /** {@link System#nanoTime()} when the current session started listening; for tests. */
    private volatile long listeningSince;
    /** {@link System#nanoTime()} (made odd, so never 0) when the current read of notifications began; 0 between reads. */
    private volatile long readingSince;

    private volatile boolean closed;

    PgListener(
            DataSource dataSource,
            PostgresDialect dialect,
            Consumer<String> onWork,
            LongConsumer onDone,
            Runnable onConnected) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.onWork = onWork;
        this.onDone = onDone;
        this.onConnected = onConnected;
        this.thread =
                new Thread(this::run, "errand-jdbc-listen-" + dialect.tables().prefix());
        thread.setDaemon(true);
    }

    /** Starts listening, once: later calls, and calls after {@link #close()}, do nothing. */
    void start() {
        if (!closed && started.compareAndSet(false, true)) {
            thread.start();
        }
    }

    boolean connected() {
        return connected;
    }

    /** True while the current read of notifications has lasted past {@link #HELD_BACK_AFTER}: see the class comment. */
    boolean holdingBack() {
        long since = readingSince;
        return since != 0 && System.nanoTime() - since > HELD_BACK_AFTER.toNanos();
    }

    /** {@link System#nanoTime()} when the current session started listening (0: never); for tests. */
    long listeningSince() {
        return listeningSince;
    }

    /**
     * Stops listening; the thread leaves within {@value #POLL_MILLIS} ms (or, if it is checking the
     * session, {@value #CHECK_TIMEOUT_SECONDS} s; if pgjdbc is reading a stream of notifications, when the stream
     * pauses) and returns its connection.
     */
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
                listeningSince = System.nanoTime();
                if (pauseMillis > 100) {
                    log.info(
                            "listening to {} and {} again",
                            dialect.tables().workChannel(),
                            dialect.tables().doneChannel());
                }
                pauseMillis = 100;
                onConnected.run();
                long heard = System.nanoTime();
                while (!closed) {
                    readingSince = System.nanoTime() | 1;
                    PGNotification[] notifications;
                    try {
                        notifications = pg.getNotifications(POLL_MILLIS);
                    } finally {
                        readingSince = 0;
                    }
                    if (notifications != null && notifications.length > 0) {
                        dispatch(notifications);
                        heard = System.nanoTime();
                    } else if (System.nanoTime() - heard >= CHECK_MILLIS * 1_000_000) {
                        if (!closed && !c.isValid(CHECK_TIMEOUT_SECONDS)) {
                            c.abort(Runnable::run); // so the pool drops it rather than lending it out again
                            throw new SQLException(
                                    "the LISTEN session did not answer a check within " + CHECK_TIMEOUT_SECONDS
                                            + " s: the connection is lost",
                                    "08006");
                        }
                        heard = System.nanoTime();
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
                log.warn(
                        "PostgreSQL LISTEN connection failed; idle workers poll every {} until it is back; reconnecting "
                                + "in {} ms",
                        JdbcSettings.POLL_INTERVAL,
                        pauseMillis,
                        e);
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
                doneIds(n.getName(), n.getParameter());
            }
        }
    }

    /** A done notification carries the finished ids of one statement, comma-separated (schema/postgres.sql). */
    private void doneIds(String channel, String payload) {
        int start = 0;
        while (start <= payload.length()) {
            int comma = payload.indexOf(',', start);
            int end = comma < 0 ? payload.length() : comma;
            try {
                onDone.accept(Long.parseLong(payload, start, end, 10));
            } catch (NumberFormatException e) {
                log.warn(
                        "ignoring '{}' in notification {} with payload '{}'",
                        payload.substring(start, end),
                        channel,
                        payload);
            }
            if (comma < 0) {
                return;
            }
            start = comma + 1;
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
