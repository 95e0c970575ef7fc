package dev.errand.backend.gearman.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes binary packets. {@link #write(List)} puts several packets into one buffer and one
 * flush, so pipelined submits leave in as few TCP segments as the socket allows. Thread-safe:
 * packets of concurrent callers never interleave.
 */
public final class PacketWriter {
    private static final int HEADER = 12;
    /** A buffer grown past this for a large packet is let go afterwards rather than kept for the connection's life. */
    private static final int KEEP = 64 * 1024;

    private final OutputStream out;
    private final Magic magic;
    /** Reused by every write (they are serialised): a worker writes a few small packets per job. */
    private byte[] buf = new byte[256];

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
        int size = 0;
        for (Packet p : packets) {
            if (!p.type().sentAs(magic)) {
                throw new IllegalArgumentException(p.type() + " is not sent as " + magic);
            }
            size += HEADER + p.payloadSize();
        }
        byte[] b = buf.length >= size ? buf : new byte[Math.max(size, buf.length * 2)];
        int at = 0;
        for (Packet p : packets) {
            magic.copyTo(b, at);
            at = putU32(b, at + 4, p.type().code());
            at = putU32(b, at, p.payloadSize());
            for (int i = 0; i < p.argCount(); i++) {
                if (i > 0) {
                    b[at++] = 0;
                }
                byte[] arg = p.rawArg(i);
                System.arraycopy(arg, 0, b, at, arg.length);
                at += arg.length;
            }
        }
        if (b.length <= KEEP) {
            buf = b;
        }
        out.write(b, 0, at);
        out.flush();
    }

    private static int putU32(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
        return at + 4;
    }
}
