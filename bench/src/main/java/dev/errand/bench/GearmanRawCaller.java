package dev.errand.bench;

import dev.errand.backend.gearman.protocol.Magic;
import dev.errand.backend.gearman.protocol.Packet;
import dev.errand.backend.gearman.protocol.PacketReader;
import dev.errand.backend.gearman.protocol.PacketType;
import dev.errand.backend.gearman.protocol.PacketWriter;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A synchronous Gearman client on Errand's codec alone, the baseline for {@code call()}: {@code SUBMIT_JOB} with a
 * fresh unique, then read until that job's {@code WORK_COMPLETE}.
 */
final class GearmanRawCaller implements AutoCloseable {
    private final Socket socket;
    private final PacketWriter out;
    private final PacketReader in;
    private long sequence;

    GearmanRawCaller(String host, int port) throws IOException {
        socket = GearmanRawWorkers.connect(host, port);
        out = new PacketWriter(socket.getOutputStream(), Magic.REQUEST);
        in = new PacketReader(socket.getInputStream(), Magic.RESPONSE, PacketReader.DEFAULT_MAX_PAYLOAD, "gearmand");
    }

    /** Runs {@code function} with {@code workload} and returns the result. */
    byte[] call(String function, byte[] workload) throws IOException {
        byte[] unique = ("raw-" + ++sequence).getBytes(StandardCharsets.US_ASCII);
        out.write(
                List.of(Packet.of(PacketType.SUBMIT_JOB, function.getBytes(StandardCharsets.UTF_8), unique, workload)));
        byte[] handle = null;
        while (true) {
            Packet p = in.read();
            switch (p.type()) {
                case JOB_CREATED -> handle = p.arg(0);
                case WORK_COMPLETE -> {
                    if (Arrays.equals(p.arg(0), handle)) {
                        return p.arg(1);
                    }
                }
                default -> throw new IOException("raw caller got " + p + " for " + function);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
