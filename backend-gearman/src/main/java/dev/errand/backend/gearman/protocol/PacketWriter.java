package dev.errand.backend.gearman.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes binary packets. {@link #write(List)} puts several packets into one buffer and one
 * flush, so pipelined submits leave in as few TCP segments as the socket allows. Thread-safe:
 * packets of concurrent callers never interleave.
 */
public final class PacketWriter {
    private final OutputStream out;
    private final Magic magic;

    /** @param magic {@link Magic#REQUEST} for clients and workers */
    public PacketWriter(OutputStream out, Magic magic) {
        this.out = out;
        this.magic = magic;
    }

    public void write(Packet packet) throws IOException {
        write(List.of(packet));
    }

    /** Writes all the packets, in order, with one flush. */
    public synchronized void write(List<Packet> packets) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(packets.size() * 64);
        for (Packet p : packets) {
            if (!p.type().sentAs(magic)) {
                throw new IllegalArgumentException(p.type() + " is not sent as " + magic);
            }
            buf.write(magic.bytes());
            writeU32(buf, p.type().code());
            writeU32(buf, p.payloadSize());
            List<byte[]> args = p.rawArgs();
            for (int i = 0; i < args.size(); i++) {
                if (i > 0) {
                    buf.write(0);
                }
                buf.write(args.get(i));
            }
        }
        buf.writeTo(out);
        out.flush();
    }

    private static void writeU32(ByteArrayOutputStream buf, int value) {
        buf.write(value >>> 24);
        buf.write(value >>> 16);
        buf.write(value >>> 8);
        buf.write(value);
    }
}
