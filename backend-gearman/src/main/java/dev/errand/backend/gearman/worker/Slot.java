package dev.errand.backend.gearman.worker;

import dev.errand.backend.gearman.JobHandles;
import dev.errand.backend.gearman.ServerAddress;
import dev.errand.backend.gearman.protocol.Packet;
import dev.errand.backend.gearman.protocol.PacketType;
import dev.errand.backend.gearman.protocol.PolledConnection;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker connection to one gearmand, holding at most one job: gearmand takes a job's {@code WORK_*} packets only on
 * the connection that got it, and the only way to hand a job back is to close that connection. It registers its
 * functions with {@code CAN_DO}, asks with {@code GRAB_JOB_UNIQ}, and sleeps with {@code PRE_SLEEP} until gearmand's
 * {@code NOOP}. It has no reader thread: the worker's fetcher reads it when its selector says there is something
 * ({@link #readable}), so an assigned job goes from the socket to the fetcher's claim in the same thread.
 */
final class Slot {
    private static final Logger log = LoggerFactory.getLogger(Slot.class);
    private static final long MAX_RECONNECT_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * The longest an owner waits in its selector before it looks at the replies again: another thread that read just
     * before the slot changed hands (the fetcher, or a lease check) may have taken the answer off the socket.
     */
    private static final long OWNER_LOOK_MILLIS = 20;

    final ServerAddress server;
    final String clientId;
    /** {@code host:port//}: a job id is this and the handle ({@link dev.errand.backend.gearman.JobHandles}). */
    final String idPrefix;

    private final List<String> functions;
    private final Duration connectTimeout;
    private final Duration writeTimeout;
    private final Selector selector;
    private final Runnable signal;
    private final Queue<Packet> replies = new ConcurrentLinkedQueue<>();
    private volatile PolledConnection connection;
    /** The connection's key in the worker's selector: its interest is cleared while a job thread owns the slot. */
    private volatile SelectionKey key;
    /** Serialises reads: the fetcher's and the owning job thread's. */
    private final Object readLock = new Object();
    /**
     * A job thread works this slot ({@link WorkerSlots#claimNext}): it reads the answers to the grabs sent with its
     * results itself, and the fetcher neither reads nor claims here. Written with {@code this} held.
     */
    volatile boolean owned;
    /** What the owning job thread waits in for its answer; opened on first use. */
    private volatile Selector own;
    /** The connection registered with {@link #own}. */
    private PolledConnection ownFor;
    /** gearmand said there may be work ({@code NOOP}), or the slot just became free: grab at once. */
    volatile boolean awake;

    volatile long lastGrabNanos;
    volatile long reconnectAtNanos;
    private int failures;
    /** Guarded by {@code this}. */
    HeldJob held;
    /** A {@code GRAB_JOB_UNIQ} was sent and its answer not yet read; guarded by {@code this}. */
    boolean grabSent;

    /**
     * Whether the slot sleeps ({@code PRE_SLEEP}) when there is no job, so gearmand wakes it with {@code NOOP}. One
     * slot per job thread does; the others (errand.gearman.worker.connectionsPerThread above 1) only keep threads
     * supplied while jobs flow, and rest without asking gearmand to wake them: every sleeper gets a {@code NOOP} for
     * each new job, and twice the sleepers would make an idle worker twice as slow to answer a call.
     */
    final boolean sleeps;

    Slot(
            ServerAddress server,
            String clientId,
            List<String> functions,
            Duration connectTimeout,
            Duration writeTimeout,
            boolean sleeps,
            Selector selector,
            Runnable signal) {
        this.sleeps = sleeps;
        this.server = server;
        this.clientId = clientId;
        this.idPrefix = JobHandles.id(server, "").value();
        this.functions = List.copyOf(functions);
        this.connectTimeout = connectTimeout;
        this.writeTimeout = writeTimeout;
        this.selector = selector;
        this.signal = signal;
    }

    boolean connected() {
        PolledConnection c = connection;
        return c != null && c.isOpen();
    }

    /** Connects and registers; on failure logs it and sets the time of the next try (backoff up to 10 s). */
    boolean connect(long now) {
        replies.clear();
        synchronized (this) {
            grabSent = false;
        }
        try {
            PolledConnection c = PolledConnection.open(server.host(), server.port(), connectTimeout, writeTimeout);
            try {
                key = c.register(selector, this);
            } catch (IOException | RuntimeException e) {
                c.close();
                throw e;
            }
            List<Packet> hello = new ArrayList<>();
            hello.add(Packet.ofText(PacketType.SET_CLIENT_ID, clientId));
            for (String f : functions) {
                hello.add(Packet.ofText(PacketType.CAN_DO, f));
            }
            c.send(hello);
            connection = c;
            if (failures > 0) {
                log.info("worker connection {} to gearmand {} is back; functions registered again", clientId, server);
            }
            failures = 0;
            awake = true;
            return true;
        } catch (IOException e) {
            failures++;
            long backoff = Math.min(
                    MAX_RECONNECT_BACKOFF_NANOS, TimeUnit.MILLISECONDS.toNanos(100L << Math.min(failures, 10)));
            reconnectAtNanos = now + backoff;
            if (failures == 1 || failures % 20 == 0) {
                log.warn(
                        "worker connection {} cannot reach gearmand {} ({} tries): {}; trying again in {} ms",
                        clientId,
                        server,
                        failures,
                        e.getMessage(),
                        TimeUnit.NANOSECONDS.toMillis(backoff));
            }
            return false;
        }
    }

    /** Sends {@code GRAB_JOB_UNIQ}; false when the connection is gone. */
    boolean sendGrab(long now) {
        synchronized (this) {
            grabSent = true;
        }
        awake = false;
        lastGrabNanos = now;
        return send(List.of(Packet.of(PacketType.GRAB_JOB_UNIQ)));
    }

    boolean hasAnswer() {
        return !replies.isEmpty();
    }

    /**
     * The answer to a grab: {@code JOB_ASSIGN_UNIQ} or {@code NO_JOB}; null while it may still come (its arrival makes
     * the selector report this slot), or when it did not come within {@code timeout} of the grab (then the connection
     * is closed and opened again).
     */
    Packet grabAnswer(Duration timeout) {
        Packet p = replies.poll();
        if (p == null && connected() && System.nanoTime() - lastGrabNanos < timeout.toNanos()) {
            return null;
        }
        synchronized (this) {
            grabSent = false;
        }
        if (p == null && connected()) {
            log.warn(
                    "gearmand {} did not answer GRAB_JOB_UNIQ on {} within {} ms (errand.gearman.responseTimeout); "
                            + "reconnecting",
                    server,
                    clientId,
                    timeout.toMillis());
            close();
        }
        return p;
    }

    /**
     * Reads what gearmand sent, on the fetcher's thread, when the selector reports this slot readable; not while a job
     * thread owns it (its key may still report it once after the interest was cleared).
     */
    void readable() {
        if (!owned) {
            read();
        }
    }

    /**
     * Takes this slot for the calling job thread: the answer to the grab sent with its result goes to it, and the
     * fetcher's selector stops reporting the connection (at its next select). Call with {@code this} held.
     */
    void own() {
        if (!owned) {
            owned = true;
            setInterest(0);
        }
    }

    /** Gives the slot back to the fetcher, which looks at it at once. */
    void disown() {
        synchronized (this) {
            if (!owned) {
                return;
            }
            owned = false;
        }
        setInterest(SelectionKey.OP_READ);
        selector.wakeup();
    }

    private void setInterest(int ops) {
        SelectionKey k = key;
        try {
            if (k != null) {
                k.interestOps(ops);
            }
        } catch (CancelledKeyException e) {
            // the connection closed: its next one is registered afresh
        }
    }

    /**
     * On the owning job thread: the answer to the grab sent with its last result ({@code JOB_ASSIGN_UNIQ} or
     * {@code NO_JOB}), waiting for it up to {@code timeout} from the grab (then the connection is closed and opened
     * again, as in {@link #grabAnswer}); null when the connection was lost, the slot was given back or the thread was
     * interrupted (its status is kept).
     */
    Packet ownAnswer(Duration timeout) {
        long deadline = lastGrabNanos + timeout.toNanos();
        while (true) {
            Packet p = replies.poll();
            if (p != null) {
                synchronized (this) {
                    grabSent = false;
                }
                return p;
            }
            PolledConnection c = connection;
            long left = deadline - System.nanoTime();
            if (c == null || !c.isOpen() || !owned || Thread.currentThread().isInterrupted()) {
                return null;
            }
            if (left <= 0) {
                return grabAnswer(timeout); // reconnects
            }
            try {
                long wait = Math.min(OWNER_LOOK_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                ownSelector(c).select(k -> read(), wait);
            } catch (IOException | ClosedSelectorException e) {
                log.debug("worker connection {} could not wait for gearmand {}: {}", clientId, server, e.toString());
                return null;
            }
        }
    }

    private synchronized Selector ownSelector(PolledConnection c) throws IOException {
        if (own == null) {
            own = Selector.open();
        }
        if (ownFor != c) {
            c.register(own, this);
            ownFor = c;
        }
        return own;
    }

    /**
     * Reads what arrived on an owned slot now, without waiting: while its job thread runs a job nobody else reads it,
     * and this notices a connection gearmand closed (then gearmand has re-queued the job).
     */
    void readIfOwned() {
        if (owned) {
            read();
        }
    }

    private void read() {
        synchronized (readLock) {
            readLocked();
        }
    }

    private void readLocked() {
        PolledConnection c = connection;
        if (c == null || !c.isOpen()) {
            return;
        }
        try {
            c.readAvailable(this::received);
        } catch (IOException e) {
            if (c.closeOnce()) {
                lost(e);
            }
        } catch (RuntimeException e) {
            if (c.closeOnce()) {
                lost(new IOException("the handler of " + c.peer() + " failed: " + e, e));
            }
        }
    }

    boolean send(List<Packet> packets) {
        PolledConnection c = connection;
        if (c == null) {
            return false;
        }
        try {
            c.send(packets);
            return true;
        } catch (IOException e) {
            if (c.closeOnce()) {
                lost(e);
            }
            return false;
        }
    }

    /** One packet from gearmand, on the fetcher's thread: the claim that follows the read takes it. */
    private void received(Packet p) {
        switch (p.type()) {
            case NOOP -> awake = true;
            case JOB_ASSIGN_UNIQ, JOB_ASSIGN, JOB_ASSIGN_ALL, NO_JOB -> replies.add(p);
            case ERROR ->
                log.warn(
                        "gearmand {} answered worker connection {} with ERROR {}: {} (a job re-queued after a timeout or "
                                + "a lost connection gets JOB_NOT_FOUND for its late result)",
                        server,
                        clientId,
                        p.text(0),
                        p.text(1));
            default -> log.debug("gearmand {} sent {} to worker connection {}; ignored", server, p.type(), clientId);
        }
    }

    /** The connection ended ({@code cause} says why): gearmand re-queues the job it held. */
    private void lost(IOException cause) {
        log.debug("worker connection {} to gearmand {} ended: {}", clientId, server, cause.toString());
        synchronized (this) {
            if (held != null) {
                log.warn(
                        "worker connection {} to gearmand {} was lost holding job {} (handle {}): gearmand re-queues "
                                + "it; this attempt's result is discarded",
                        clientId,
                        server,
                        held.definition.name(),
                        held.handle);
            }
            held = null;
            grabSent = false;
            owned = false;
        }
        reconnectAtNanos = System.nanoTime();
        Selector o = own;
        if (o != null) {
            o.wakeup(); // an owner waiting for its answer gives up now
        }
        signal.run();
    }

    /** Closes the connection: gearmand re-queues a job it held. */
    void close() {
        PolledConnection c = connection;
        if (c != null && c.closeOnce()) {
            lost(new EOFException("closed by this worker"));
        }
    }

    /** {@code RESET_ABILITIES} and close: this worker serves nothing more. */
    void retire() {
        send(List.of(Packet.of(PacketType.RESET_ABILITIES)));
        close();
        synchronized (this) {
            if (own != null) {
                try {
                    own.close();
                } catch (IOException e) {
                    // closing: nothing is left to tell
                }
            }
        }
    }
}
