package dev.errand.backend.redis;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
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
 * the reader's blocking read. Every write on it (SUBSCRIBE) happens under the lock.
 */
final class Notifications implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Notifications.class);
    private static final long MAX_BACKOFF_MS = 2000;

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
    private Listener live;
    private Connection liveConnection;
    private long wakeAll;
    private boolean closed;
    private boolean outage;

    /**
     * @param onJobEnded     gets the id of an ended job this instance waits for (called on the reader thread: hand off)
     * @param onResubscribed called when the client channel is (re)subscribed, so missed endings are looked up
     */
    Notifications(Supplier<Connection> connect, Keys keys, String clientChannel, Consumer<String> onJobEnded,
            Runnable onResubscribed) {
        this.connect = connect;
        this.keys = keys;
        this.clientChannel = clientChannel;
        this.onJobEnded = onJobEnded;
        this.onResubscribed = onResubscribed;
        wanted.add(clientChannel);
        reader = new Thread(this::readLoop, "errand-redis-pubsub-" + keys.prefix());
        reader.setDaemon(true);
        reader.start();
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
                        log.warn("lost the Redis pub/sub connection ({}); reconnecting. Until it is back, idle workers"
                                + " look for work at each wait timeout and job outcomes arrive when it returns", e.toString());
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

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            boolean resubscribed = channel.equals(clientChannel);
            lock.lock();
            try {
                if (!connected) {
                    connected = true;
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
