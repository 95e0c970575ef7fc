package dev.errand.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A TCP proxy on 127.0.0.1 for network-fault tests: clients connect to {@link #port()}, the proxy
 * connects each of them to the target and copies bytes both ways, until a test breaks the network:
 *
 * <ul>
 *   <li>{@link #cutAll()}: every open connection is reset (RST) on both sides at once, as when a
 *       router or the server's host drops them; new connections go through as before.</li>
 *   <li>{@link #blackhole()}: a partition. Nothing is forwarded any more, in either direction, and
 *       nobody is told: bytes stay where they are, peers see silence, not an error. New
 *       connections are accepted (the client's connect succeeds) but never reach the target.</li>
 *   <li>{@link #heal()}: forwarding resumes. Connections that were open during the partition carry
 *       on with the bytes that waited, as TCP does after a partition shorter than its retransmission
 *       time-out; connections accepted during it are connected to the target now.</li>
 *   <li>{@link #healLosingConnections()}: forwarding resumes for new connections, but every
 *       connection open during the partition was lost, as when a stateful firewall or NAT forgets
 *       it, or the server gave up on the peer: the target side is closed at once, the client side
 *       hears nothing (no FIN, no RST) until it sends something, which is answered with a reset. A
 *       client blocked reading such a connection without a time-out waits forever.</li>
 * </ul>
 *
 * <p>One thread (a selector) does all the work, so a proxy costs one thread however many
 * connections it carries. The methods that change the network return once the selector thread has
 * applied the change. {@link #close()} closes every socket and stops the thread.
 */
public final class FaultProxy implements AutoCloseable {
    private enum Mode {
        PASS,
        BLACKHOLE
    }

    private static final int BUFFER = 64 * 1024;

    private final InetSocketAddress target;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final Set<Link> links = new LinkedHashSet<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final String name;
    private Mode mode = Mode.PASS;
    private volatile boolean closed;

    private FaultProxy(String name, InetSocketAddress target) throws IOException {
        this.name = name;
        this.target = target;
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            server.close();
            selector.close();
            throw e;
        }
        this.thread = new Thread(this::loop, "fault-proxy-" + name + "-" + port());
        thread.setDaemon(true);
    }

    /** A proxy on a free loopback port to {@code 127.0.0.1:targetPort}, forwarding. */
    public static FaultProxy to(String name, int targetPort) {
        try {
            FaultProxy proxy =
                    new FaultProxy(name, new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
            proxy.thread.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a fault proxy to 127.0.0.1:" + targetPort, e);
        }
    }

    /** The loopback port clients connect to. */
    public int port() {
        return server.socket().getLocalPort();
    }

    /** Connections accepted since start. */
    public long accepted() {
        return accepted.get();
    }

    /** Connections reset by {@link #cutAll()} or by a client writing to a lost connection. */
    public long resets() {
        return resets.get();
    }

    /** Connections open now (on the client side). */
    public int openConnections() {
        return call(() -> links.size());
    }

    /** Resets every open connection on both sides; returns how many there were. */
    public int cutAll() {
        return call(() -> {
            int n = links.size();
            for (Link link : List.copyOf(links)) {
                link.reset();
            }
            resets.addAndGet(n);
            return n;
        });
    }

    /** Stops forwarding anything, silently, until {@link #heal()} or {@link #healLosingConnections()}. */
    public void blackhole() {
        call(() -> {
            mode = Mode.BLACKHOLE;
            links.forEach(Link::updateInterest);
            return null;
        });
    }

    /** Forwards again; connections open during a partition carry on. */
    public void heal() {
        call(() -> {
            mode = Mode.PASS;
            for (Link link : List.copyOf(links)) {
                if (link.lost) {
                    continue; // lost stays lost
                }
                if (link.upstream == null) {
                    link.connectUpstream();
                } else {
                    link.updateInterest();
                }
            }
            return null;
        });
    }

    /**
     * Forwards again for new connections; every connection open now is lost: its target side is
     * closed, its client side gets nothing until it sends, and then a reset. Returns how many were lost.
     */
    public int healLosingConnections() {
        return call(() -> {
            mode = Mode.PASS;
            int n = 0;
            for (Link link : List.copyOf(links)) {
                if (!link.lost) {
                    link.lose();
                    n++;
                }
            }
            return n;
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FaultProxy[" + name + " 127.0.0.1:" + port() + " -> " + target + "]";
    }

    /** Runs {@code command} on the selector thread and waits for its result. */
    private <T> T call(Supplier<T> command) {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        commands.add(() -> {
            try {
                done.complete(command.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        selector.wakeup();
        try {
            return done.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while changing " + this, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not change " + this, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(this + ": its selector thread did not answer within 10 s", e);
        }
    }

    private void loop() {
        try {
            while (!closed) {
                selector.select(1000);
                Runnable command;
                while ((command = commands.poll()) != null) {
                    command.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isAcceptable()) {
                            accept();
                        } else {
                            ((Endpoint) key.attachment()).ready(key);
                        }
                    } catch (CancelledKeyException e) {
                        // closed meanwhile
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) {
                System.err.println(this + " stopped: " + e);
            }
        } finally {
            for (Link link : List.copyOf(links)) {
                link.closeQuietly();
            }
            closeQuietly(server);
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing
            }
            Runnable command;
            while ((command = commands.poll()) != null) {
                command.run(); // lets waiting callers return
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel client;
        while ((client = server.accept()) != null) {
            accepted.incrementAndGet();
            client.configureBlocking(false);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Link link = new Link(client);
            links.add(link);
            link.clientKey = client.register(selector, 0, link.clientSide);
            if (mode == Mode.PASS) {
                link.connectUpstream();
            }
        }
    }

    /** Which side of a link a selection key belongs to. */
    private interface Endpoint {
        void ready(SelectionKey key);
    }

    /** One client connection and its connection to the target. */
    private final class Link {
        final SocketChannel client;
        SocketChannel upstream;
        SelectionKey clientKey;
        SelectionKey upstreamKey;
        /** Client to target, and target to client; each is filled by reading and drained by writing (flip in between). */
        final ByteBuffer up = ByteBuffer.allocate(BUFFER);

        final ByteBuffer down = ByteBuffer.allocate(BUFFER);
        boolean connected;
        boolean clientEof;
        boolean upstreamEof;
        /** Lost by {@link #healLosingConnections()}: the target side is gone, the client side is left dangling. */
        boolean lost;

        final Endpoint clientSide = key -> clientReady(key);
        final Endpoint upstreamSide = key -> upstreamReady(key);

        Link(SocketChannel client) {
            this.client = client;
        }

        void connectUpstream() {
            try {
                upstream = SocketChannel.open();
                upstream.configureBlocking(false);
                upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
                boolean now = upstream.connect(target);
                upstreamKey = upstream.register(selector, now ? 0 : SelectionKey.OP_CONNECT, upstreamSide);
                if (now) {
                    connected = true;
                }
                updateInterest();
            } catch (IOException e) {
                reset();
            }
        }

        private void clientReady(SelectionKey key) {
            try {
                if (lost) {
                    // Anything from the client on a connection the other end forgot is answered with a reset.
                    resets.incrementAndGet();
                    reset();
                    return;
                }
                if (mode == Mode.BLACKHOLE) {
                    updateInterest(); // ready before the partition began: leave it unread
                    return;
                }
                if (key.isReadable() && read(client, up)) {
                    clientEof = true;
                }
                if (key.isValid() && key.isWritable()) {
                    write(down, client);
                }
                afterIo();
            } catch (IOException e) {
                reset();
            }
        }

        private void upstreamReady(SelectionKey key) {
            try {
                if (key.isConnectable()) {
                    upstream.finishConnect();
                    connected = true;
                } else if (mode == Mode.PASS) {
                    if (key.isReadable() && read(upstream, down)) {
                        upstreamEof = true;
                    }
                    if (key.isValid() && key.isWritable()) {
                        write(up, upstream);
                    }
                }
                afterIo();
            } catch (IOException e) {
                reset();
            }
        }

        /** Reads into the buffer's free space; true at end of stream. */
        private boolean read(SocketChannel from, ByteBuffer into) throws IOException {
            return from.read(into) < 0;
        }

        private void write(ByteBuffer from, SocketChannel to) throws IOException {
            from.flip();
            try {
                to.write(from);
            } finally {
                from.compact();
            }
        }

        /** Passes on an end of stream once everything before it was written; closes when both ended. */
        private void afterIo() throws IOException {
            if (clientEof && up.position() == 0 && connected && upstream.isOpen()) {
                upstream.shutdownOutput();
            }
            if (upstreamEof && down.position() == 0 && client.isOpen()) {
                client.shutdownOutput();
            }
            if (clientEof && upstreamEof && up.position() == 0 && down.position() == 0) {
                closeQuietly();
                return;
            }
            if (clientEof && !connected) {
                closeQuietly();
                return;
            }
            updateInterest();
        }

        void updateInterest() {
            if (!client.isOpen()) {
                return;
            }
            if (lost) {
                setInterest(clientKey, SelectionKey.OP_READ);
                return;
            }
            if (mode == Mode.BLACKHOLE) {
                setInterest(clientKey, 0);
                if (upstreamKey != null) {
                    setInterest(upstreamKey, connected ? 0 : SelectionKey.OP_CONNECT);
                }
                return;
            }
            if (!connected) {
                setInterest(clientKey, 0);
                return;
            }
            setInterest(
                    clientKey,
                    (!clientEof && up.hasRemaining() ? SelectionKey.OP_READ : 0)
                            | (down.position() > 0 ? SelectionKey.OP_WRITE : 0));
            setInterest(
                    upstreamKey,
                    (!upstreamEof && down.hasRemaining() ? SelectionKey.OP_READ : 0)
                            | (up.position() > 0 ? SelectionKey.OP_WRITE : 0));
        }

        private void setInterest(SelectionKey key, int ops) {
            if (key != null && key.isValid() && key.interestOps() != ops) {
                key.interestOps(ops);
            }
        }

        /** The target side goes away; the client side dangles until the client sends. */
        void lose() {
            lost = true;
            if (upstream != null) {
                abort(upstream);
            }
            updateInterest();
        }

        /** Resets both sides (RST, not FIN). */
        void reset() {
            abort(client);
            if (upstream != null) {
                abort(upstream);
            }
            links.remove(this);
        }

        void closeQuietly() {
            FaultProxy.closeQuietly(client);
            if (upstream != null) {
                FaultProxy.closeQuietly(upstream);
            }
            links.remove(this);
        }
    }

    /** Closes with SO_LINGER 0, so the peer gets a reset. */
    private static void abort(SocketChannel channel) {
        try {
            if (channel.isOpen()) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
