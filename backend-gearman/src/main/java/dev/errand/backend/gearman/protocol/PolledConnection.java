package dev.errand.backend.gearman.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A connection to a gearmand with no thread of its own: its owner registers it with a {@link Selector} and reads what
 * arrived ({@link #readAvailable}) when the selector says so, so one thread serves many connections and a packet reaches
 * its user without a hand-off between threads. Writes are thread-safe, batched ({@link PacketWriter}) and wait at most
 * {@code writeTimeout} for a full socket buffer to drain.
 */
public final class PolledConnection implements AutoCloseable {
    private static final int HEADER = 12;

    private final SocketChannel channel;
    private final String peer;
    private final Duration writeTimeout;
    private final PacketWriter writer;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Bytes read and not yet made into packets; only the reading thread touches it. */
    private ByteBuffer in = ByteBuffer.allocate(16 * 1024);

    private final byte[] header = new byte[HEADER];
    /** Waits for room to write, made on the first full socket buffer; written with the writer's lock held. */
    private volatile Selector writable;

    private PolledConnection(SocketChannel channel, String peer, Duration writeTimeout) {
        this.channel = channel;
        this.peer = peer;
        this.writeTimeout = writeTimeout;
        this.writer = new PacketWriter(new ChannelOutput(), Magic.REQUEST);
    }

    /**
     * Connects (blocking, up to {@code connectTimeout}), then turns the channel non-blocking for {@link #register}.
     *
     * @throws IOException naming the server when it cannot be reached within {@code connectTimeout}
     */
    public static PolledConnection open(String host, int port, Duration connectTimeout, Duration writeTimeout)
            throws IOException {
        String peer = "gearmand " + host + ":" + port;
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().connect(new InetSocketAddress(host, port), (int)
                    Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            channel.configureBlocking(false);
        } catch (IOException e) {
            channel.close();
            throw new IOException(
                    "cannot connect to " + peer + " within " + connectTimeout.toMillis() + " ms: " + e, e);
        }
        return new PolledConnection(channel, peer, writeTimeout);
    }

    /** Has {@code selector} report this connection readable, with {@code attachment} on its key, which it returns. */
    public SelectionKey register(Selector selector, Object attachment) throws IOException {
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ, attachment);
        selector.wakeup(); // a select already under way would not see the new key
        return key;
    }

    /**
     * Reads what arrived and hands each whole packet to {@code received}, in order; call it from one thread at a time.
     * A pending interrupt of the calling thread is kept for later, as in {@link #send} (the channel is non-blocking, so
     * no interrupt closes it).
     *
     * @throws EOFException gearmand closed the connection between packets
     * @throws GearmanProtocolException the bytes are not packets, or it closed inside one
     */
    public void readAvailable(Consumer<Packet> received) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            readAll(received);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void readAll(Consumer<Packet> received) throws IOException {
        while (true) {
            int n = channel.read(in);
            if (n < 0) {
                if (in.position() > 0) {
                    throw new GearmanProtocolException(peer + " closed the connection inside a packet: " + in.position()
                            + " bytes of it had come");
                }
                throw new EOFException(peer + " closed the connection");
            }
            in.flip();
            decode(received);
            in.compact();
            if (n == 0 || in.hasRemaining()) {
                return; // nothing more now, or the socket had less than the buffer holds
            }
        }
    }

    /** Hands over every whole packet in {@code in} (flipped); grows it for a packet larger than it. */
    private void decode(Consumer<Packet> received) throws IOException {
        while (in.remaining() >= HEADER) {
            int at = in.position();
            in.get(at, header);
            PacketType type = PacketReader.header(header, Magic.RESPONSE, PacketReader.DEFAULT_MAX_PAYLOAD, peer);
            int size = (int) PacketReader.u32(header, 8);
            if (in.remaining() < HEADER + size) {
                if (HEADER + size > in.capacity()) {
                    ByteBuffer bigger = ByteBuffer.allocate(HEADER + size);
                    bigger.put(in);
                    bigger.flip();
                    in = bigger;
                }
                return;
            }
            byte[] payload = new byte[size];
            in.get(at + HEADER, payload);
            in.position(at + HEADER + size);
            received.accept(PacketReader.split(type, payload, peer));
        }
    }

    /**
     * Sends the packets in one write. A pending interrupt of the calling thread is kept for later, not acted on: it
     * would end a wait for room in the socket at once, and a job thread that restored its interrupt status must not
     * give up the connection, and with it the job it just finished, which gearmand would then run again.
     */
    public void send(List<Packet> packets) throws IOException {
        if (closed.get()) {
            throw new EOFException("the connection to " + peer + " is closed");
        }
        boolean interrupted = Thread.interrupted();
        try {
            writer.write(packets);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /** E.g. {@code gearmand 127.0.0.1:4730}. */
    public String peer() {
        return peer;
    }

    /** Closes the channel (and its selector key); true for the call that closed it. */
    public boolean closeOnce() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing: nothing is left to tell
        }
        closeWritable();
        return true;
    }

    @Override
    public void close() {
        closeOnce();
    }

    /** Closing the selector also ends a write that waits in it. */
    private void closeWritable() {
        Selector w = writable;
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                // closing: nothing is left to tell
            }
        }
    }

    /** The channel as the writer's stream; called with the writer's lock held. */
    private final class ChannelOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer out = ByteBuffer.wrap(b, off, len);
            while (out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    awaitWritable();
                }
            }
        }

        private void awaitWritable() throws IOException {
            Selector w = writable;
            if (w == null) {
                w = Selector.open();
                writable = w;
                if (closed.get()) {
                    closeWritable();
                    throw new EOFException("the connection to " + peer + " is closed");
                }
                channel.register(w, SelectionKey.OP_WRITE);
            }
            long deadline = System.nanoTime() + writeTimeout.toNanos();
            int ready = 0;
            long left;
            while (ready == 0 && !closed.get() && (left = deadline - System.nanoTime()) > 0) {
                ready = w.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))); // a wakeup returns 0 early
            }
            if (closed.get()) {
                throw new EOFException("the connection to " + peer + " was closed while a write waited");
            }
            if (ready == 0) {
                throw new IOException(peer + " took no more bytes for " + writeTimeout.toMillis()
                        + " ms (errand.gearman.responseTimeout); the connection is given up");
            }
            w.selectedKeys().clear();
        }
    }
}
