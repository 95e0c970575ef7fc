package dev.errand.backend.redis;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPubSub;

/**
 * One pub/sub connection per backend instance, read by one thread, and the idle waiting built on
 * it. Scripts {@code PUBLISH} (which needs no key, so it works from any cluster slot and reaches
 * subscribers on every node): on {@code <prefix>:wake:<queue>} when a queue gets work, and on
 * this instance's {@code <prefix>:client:<uuid>} the id of a job it waits for that has ended.
 *
 * <p>Idle workers block on a condition here, not on Redis: each queue has a generation that a
 * wake message bumps, and a waiter returns when a generation it watches moves, when
 * {@link #wakeUpAll()} is called, or when its deadline passes. Messages sent while the connection
 * is down are lost, so every (re)subscription bumps its queue's generation and re-checks pending
 * outcomes: waiters then look at Redis again. Nothing is ever decided from a message alone.
 *
 * <p>The connection is a dedicated one, never the pool's; {@link #close()} drops it, which ends
 * the reader's blocking read. Every write on it (SUBSCRIBE, PING) happens under the lock.
 *
 * <p>The reader only reads, without a time-out (Jedis reads pub/sub connections that way), so a
 * connection lost without a reset (a network partition, a firewall or NAT that forgot it, a server
 * that gave up on the client) would never fail: the backend would wait for messages that cannot
 * come, and outcome futures would never complete. So a check (every {@value #TICK_MILLIS} ms, on the
 * outcome dispatcher's thread) sends {@code PING} on a connection
 * that was silent for {@value #CHECK_MILLIS} ms, and drops the connection (the reader then
 * reconnects and subscribes again) when no answer comes within {@code errand.redis.timeout}.
 */
final class Notifications implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Notifications.class);
    private static final long MAX_BACKOFF_MS = 2000;
    /** A pub/sub connection silent this long is checked with a PING. */
    static final long CHECK_MILLIS = 5000;
    /** How often the check looks. */
    static final long TICK_MILLIS = 500;

    private final Supplier<Connection> connect;
    private final Keys keys;
    private final String clientChannel;
    private final Consumer<String> onJobEnded;
    private final Runnable onResubscribed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Set<String> wanted = new LinkedHashSet<>();
    private final Set<String> requested = new HashSet<>();
    private final Set<String> confirmed = new HashSet<>();
    private final Map<String, Long> generations = new HashMap<>();
    private final Thread reader;
    private final long answerNanos;
    private Listener live;
    private Connection liveConnection;
    private long wakeAll;
    private volatile long subscribedSince;
    private boolean closed;
    private boolean outage;

    /**
     * @param onJobEnded     gets the id of an ended job this instance waits for (called on the reader thread: hand off)
     * @param onResubscribed called when the client channel is (re)subscribed, so missed endings are looked up
     * @param answerTimeout  how long a PING on a silent connection may go unanswered
     * @param timer          runs the connection check (the outcome dispatcher's thread: no thread of its own)
     */
    Notifications(
            Supplier<Connection> connect,
            Keys keys,
            String clientChannel,
            Consumer<String> onJobEnded,
            Runnable onResubscribed,
            Duration answerTimeout,
            ScheduledExecutorService timer) {
        this.connect = connect;
        this.keys = keys;
        this.clientChannel = clientChannel;
        this.onJobEnded = onJobEnded;
        this.onResubscribed = onResubscribed;
        wanted.add(clientChannel);
        this.answerNanos = answerTimeout.toNanos();
        reader = new Thread(this::readLoop, "errand-redis-pubsub-" + keys.prefix());
        reader.setDaemon(true);
        reader.start();
        timer.scheduleWithFixedDelay(this::check, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** {@link System#nanoTime()} when the current pub/sub connection was subscribed (0: never); for tests. */
    long subscribedSince() {
        return subscribedSince;
    }

    /**
     * One check: PING a connection silent for {@link #CHECK_MILLIS}; drop it when a PING
     * went unanswered for the answer time-out, so that the reader reconnects.
     */
    private void check() {
        lock.lock();
        try {
            Listener l = live;
            if (closed || l == null || !l.connected || liveConnection == null) {
                return;
            }
            long now = System.nanoTime();
            if (l.pingSentNanos == 0) {
                if (now - l.heardNanos >= TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS)) {
                    l.pingSentNanos = now;
                    l.ping();
                }
            } else if (now - l.pingSentNanos > answerNanos) {
                log.warn(
                        "the Redis pub/sub connection did not answer a PING within {} ms; dropping it and reconnecting",
                        TimeUnit.NANOSECONDS.toMillis(answerNanos));
                liveConnection.disconnect(); // ends the reader's blocking read
            }
        } catch (RuntimeException e) {
            log.debug("checking the Redis pub/sub connection failed; dropping it", e);
            if (liveConnection != null) {
                liveConnection.disconnect();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The counter {@link #wakeUpAll()} moves; snapshot it before looking at Redis. */
    long wakeAllCount() {
        lock.lock();
        try {
            return wakeAll;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Subscribes to the queues' wake channels and waits until Redis confirmed them. False when
     * that did not happen before the deadline (connection down) or a wake-up came first.
     */
    boolean awaitSubscribed(Set<String> queues, long wakeAllSeen, long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            for (String queue : queues) {
                wanted.add(keys.wakeChannel(queue));
            }
            sendMissing();
            while (!allConfirmed(queues)) {
                long left = deadlineNanos - System.nanoTime();
                if (closed || wakeAll != wakeAllSeen || left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The wake generations of these queues, to pass to {@link #await}. */
    Map<String, Long> generations(Set<String> queues) {
        lock.lock();
        try {
            Map<String, Long> seen = new HashMap<>();
            for (String queue : queues) {
                seen.put(queue, generations.getOrDefault(queue, 0L));
            }
            return seen;
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until a watched queue is woken, {@link #wakeUpAll()} is called, or the deadline passes. */
    void await(Map<String, Long> seen, long wakeAllSeen, long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (!closed && wakeAll == wakeAllSeen && unchanged(seen)) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    void wakeUpAll() {
        lock.lock();
        try {
            wakeAll++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (liveConnection != null) {
                liveConnection.disconnect(); // ends the reader's blocking read
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            reader.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean allConfirmed(Set<String> queues) {
        for (String queue : queues) {
            if (!confirmed.contains(keys.wakeChannel(queue))) {
                return false;
            }
        }
        return true;
    }

    private boolean unchanged(Map<String, Long> seen) {
        for (Map.Entry<String, Long> e : seen.entrySet()) {
            if (generations.getOrDefault(e.getKey(), 0L).longValue() != e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Sends SUBSCRIBE for wanted channels not yet asked for on the live connection. Caller holds the lock. */
    private void sendMissing() {
        if (live == null || !live.connected) {
            return;
        }
        Set<String> missing = new LinkedHashSet<>(wanted);
        missing.removeAll(requested);
        if (missing.isEmpty()) {
            return;
        }
        try {
            live.subscribe(missing.toArray(new String[0]));
            requested.addAll(missing);
        } catch (RuntimeException e) {
            log.debug("SUBSCRIBE {} failed; the pub/sub connection will be re-made", missing, e);
        }
    }

    private void readLoop() {
        long backoffMs = 50;
        while (true) {
            Listener listener = new Listener();
            Connection connection = null;
            try {
                connection = connect.get();
                String[] channels;
                lock.lock();
                try {
                    if (closed) {
                        return;
                    }
                    channels = wanted.toArray(new String[0]);
                    requested.addAll(wanted);
                    live = listener;
                    liveConnection = connection;
                } finally {
                    lock.unlock();
                }
                listener.proceed(connection, channels);
                backoffMs = 50;
            } catch (RuntimeException e) {
                lock.lock();
                try {
                    if (!closed && !outage) {
                        outage = true;
                        log.warn(
                                "lost the Redis pub/sub connection ({}); reconnecting. Until it is back, idle workers"
                                        + " look for work at each wait timeout and job outcomes arrive when it returns",
                                e.toString());
                    }
                } finally {
                    lock.unlock();
                }
            } finally {
                lock.lock();
                try {
                    live = null;
                    liveConnection = null;
                    requested.clear();
                    confirmed.clear();
                } finally {
                    lock.unlock();
                }
                if (connection != null) {
                    connection.disconnect();
                }
            }
            if (!pause(backoffMs)) {
                return;
            }
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        }
    }

    /** Waits before reconnecting; false when closed. */
    private boolean pause(long ms) {
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
            while (!closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                changed.awaitNanos(left);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private final class Listener extends JedisPubSub {
        volatile boolean connected;
        /** When anything last arrived on the connection, and when an unanswered PING was sent (0: none). */
        volatile long heardNanos = System.nanoTime();

        volatile long pingSentNanos;

        private void heard() {
            heardNanos = System.nanoTime();
            pingSentNanos = 0;
        }

        @Override
        public void onPong(String pattern) {
            heard();
        }

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            boolean resubscribed = channel.equals(clientChannel);
            lock.lock();
            try {
                heard();
                if (!connected) {
                    connected = true;
                    subscribedSince = System.nanoTime();
                    if (outage) {
                        outage = false;
                        log.info("Redis pub/sub connection is back");
                    }
                }
                confirmed.add(channel);
                if (channel.startsWith(keys.wakeChannelPrefix())) {
                    generations.merge(channel.substring(keys.wakeChannelPrefix().length()), 1L, Long::sum);
                }
                sendMissing();
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (resubscribed) {
                onResubscribed.run();
            }
        }

        @Override
        public void onMessage(String channel, String message) {
            heard();
            if (channel.equals(clientChannel)) {
                onJobEnded.accept(message);
                return;
            }
            String prefix = keys.wakeChannelPrefix();
            if (channel.startsWith(prefix)) {
                lock.lock();
                try {
                    generations.merge(channel.substring(prefix.length()), 1L, Long::sum);
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }
}
