package dev.errand.backend.gearman.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One TCP connection to a gearmand: a reader thread hands each packet to a {@link Listener} in order, and says once
 * when the connection ended. Writes are thread-safe and batched ({@link PacketWriter}).
 */
public final class Connection implements AutoCloseable {
    /** What a connection tells its owner; both run on the reader thread. */
    public interface Listener {
        void received(Packet packet);

        /** The connection ended: {@code cause} says why (a closed connection is an {@link EOFException}). */
        void closed(IOException cause);
    }

    private final Socket socket;
    private final PacketWriter writer;
    private final String peer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Connection(Socket socket, String peer) throws IOException {
        this.socket = socket;
        this.peer = peer;
        this.writer = new PacketWriter(socket.getOutputStream(), Magic.REQUEST);
    }

    /**
     * Connects and starts the reader thread, named {@code threadName}.
     *
     * @throws IOException naming the server when it cannot be reached within {@code connectTimeout}
     */
    public static Connection open(String host, int port, Duration connectTimeout, String threadName, Listener listener)
            throws IOException {
        String peer = "gearmand " + host + ":" + port;
        Socket socket = new Socket();
        try {
            socket.connect(
                    new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
        } catch (IOException e) {
            socket.close();
            throw new IOException(
                    "cannot connect to " + peer + " within " + connectTimeout.toMillis() + " ms: " + e, e);
        }
        Connection c = new Connection(socket, peer);
        PacketReader reader =
                new PacketReader(socket.getInputStream(), Magic.RESPONSE, PacketReader.DEFAULT_MAX_PAYLOAD, peer);
        Thread t = new Thread(() -> c.readLoop(reader, listener), threadName);
        t.setDaemon(true);
        t.start();
        return c;
    }

    private void readLoop(PacketReader reader, Listener listener) {
        IOException cause;
        while (true) {
            try {
                listener.received(reader.read());
            } catch (IOException e) {
                cause = e;
                break;
            } catch (RuntimeException e) {
                cause = new IOException("the handler of " + peer + " failed: " + e, e);
                break;
            }
        }
        close();
        listener.closed(cause);
    }

    /** Sends the packets in one flush. */
    public void send(List<Packet> packets) throws IOException {
        if (closed.get()) {
            throw new EOFException("the connection to " + peer + " is closed");
        }
        writer.write(packets);
    }

    public void send(Packet packet) throws IOException {
        send(List.of(packet));
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /** E.g. {@code gearmand 127.0.0.1:4730}. */
    public String peer() {
        return peer;
    }

    /** Closes the socket; the reader thread then reports {@link Listener#closed} (an {@link EOFException}). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing: nothing is left to tell
            }
        }
    }
}
