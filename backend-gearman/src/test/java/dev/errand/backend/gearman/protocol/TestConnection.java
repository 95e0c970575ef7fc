package dev.errand.backend.gearman.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.testservers.GearmandServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/** A client or worker connection to a real gearmand, made of the protocol classes under test; reads time out after 10 s. */
public final class TestConnection implements AutoCloseable {
    private final Socket socket;
    private final PacketReader reader;
    private final PacketWriter writer;

    private TestConnection(Socket socket, String peer) throws IOException {
        this.socket = socket;
        this.reader = new PacketReader(socket.getInputStream(), Magic.RESPONSE, PacketReader.DEFAULT_MAX_PAYLOAD, peer);
        this.writer = new PacketWriter(socket.getOutputStream(), Magic.REQUEST);
    }

    public static TestConnection open(GearmandServer server) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(server.host(), server.port()), 5_000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            return new TestConnection(socket, "gearmand " + server.address());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + server, e);
        }
    }

    public void send(Packet... packets) throws IOException {
        writer.write(List.of(packets));
    }

    public Packet receive() throws IOException {
        return reader.read();
    }

    /** The next packet, which must be of {@code type}. */
    public Packet expect(PacketType type) throws IOException {
        Packet p = receive();
        assertThat(p.type()).as("packet received: %s", p).isEqualTo(type);
        return p;
    }

    /** Raw access, for the tests that look at the bytes gearmand sends before the reader cleans them. */
    Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
