package dev.errand.backend.gearman.protocol;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * Reads binary packets: 4 bytes of magic, a big-endian u32 type, a big-endian u32 payload size,
 * then the payload, split on its first {@code argCount - 1} NULs only (the last argument is
 * binary). Reads are as bounded as the stream under it: give a socket a read timeout
 * ({@link java.net.Socket#setSoTimeout}) so a peer that stops mid-frame fails the read instead
 * of hanging it.
 */
public final class PacketReader {
    /** gearmand's own limit on a packet it accepts is far lower; anything bigger is a broken peer. */
    public static final int DEFAULT_MAX_PAYLOAD = 64 * 1024 * 1024;

    private static final int HEADER = 12;

    private final InputStream in;
    private final Magic expected;
    private final int maxPayload;
    private final String peer;

    /**
     * @param expected {@link Magic#RESPONSE} to read what gearmand sends
     * @param maxPayload the largest payload accepted, in bytes
     * @param peer how messages name the other side, e.g. {@code "gearmand 127.0.0.1:4730"}
     */
    public PacketReader(InputStream in, Magic expected, int maxPayload, String peer) {
        if (maxPayload < 0) {
            throw new IllegalArgumentException("maxPayload must be >= 0 but was " + maxPayload);
        }
        this.in = new BufferedInputStream(in);
        this.expected = expected;
        this.maxPayload = maxPayload;
        this.peer = peer;
    }

    /**
     * The next packet.
     *
     * @throws EOFException the peer closed the connection between packets
     * @throws SocketTimeoutException nothing arrived within the socket's timeout (between packets:
     *     the connection is still in step and may be read again)
     * @throws GearmanProtocolException the bytes are not a packet, or the peer stopped or closed
     *     inside one; the connection is out of step
     */
    public Packet read() throws IOException {
        byte[] header = new byte[HEADER];
        int got = readUpTo(header, 0, HEADER, true);
        if (got < HEADER) {
            throw new GearmanProtocolException(peer + " closed the connection inside a packet header: got " + got
                    + " of " + HEADER + " bytes " + Bytes.preview(header, 0, got));
        }
        PacketType type = header(header, expected, maxPayload, peer);
        long size = u32(header, 8);
        byte[] payload = new byte[(int) size];
        int read = readUpTo(payload, 0, payload.length, false);
        if (read < payload.length) {
            throw new GearmanProtocolException(peer + " closed the connection inside a " + type + " packet: got " + read
                    + " of " + size + " payload bytes");
        }
        return split(type, payload, peer);
    }

    /**
     * Checks a packet's 12-byte header: magic, type, direction and payload size (at {@code header[8..12)}).
     *
     * @throws GearmanProtocolException naming {@code peer} and what is wrong
     */
    static PacketType header(byte[] header, Magic expected, int maxPayload, String peer)
            throws GearmanProtocolException {
        if (!expected.matches(header)) {
            throw new GearmanProtocolException(peer + " sent bad magic " + Bytes.preview(header, 0, 4)
                    + " where a packet should start with " + Bytes.preview(expected.bytes())
                    + " (is it a Gearman server, and is the stream in step?)");
        }
        long code = u32(header, 4);
        long size = u32(header, 8);
        PacketType type = PacketType.of(code)
                .orElseThrow(() -> new GearmanProtocolException(
                        peer + " sent unknown packet type " + code + " (payload size " + size + ")"));
        if (!type.sentAs(expected)) {
            throw new GearmanProtocolException(peer + " sent " + type + " (" + code + ") under "
                    + Bytes.preview(expected.bytes()) + ", but only the other side sends it");
        }
        if (size > maxPayload) {
            throw new GearmanProtocolException(peer + " sent a " + type + " packet with a payload of " + size
                    + " bytes, over the limit of " + maxPayload + " bytes");
        }
        return type;
    }

    /** The packet of {@code type} whose payload is {@code payload}, split into its arguments. */
    static Packet split(PacketType type, byte[] payload, String peer) throws GearmanProtocolException {
        int argc = type.argCount();
        if (argc == 0) {
            if (payload.length != 0) {
                throw new GearmanProtocolException(peer + " sent " + type + " with a payload of " + payload.length
                        + " bytes, but it takes no arguments: " + Bytes.preview(payload));
            }
            return Packet.owning(type, new byte[0][]);
        }
        byte[][] args = new byte[argc][];
        int start = 0;
        for (int i = 0; i < argc - 1; i++) {
            int nul = indexOf(payload, start);
            if (nul < 0) {
                throw new GearmanProtocolException(peer + " sent " + type + " with " + (i + 1) + " of its " + argc
                        + " arguments: " + Bytes.preview(payload));
            }
            args[i] = Arrays.copyOfRange(payload, start, nul);
            start = nul + 1;
        }
        args[argc - 1] = Arrays.copyOfRange(payload, start, payload.length);
        if (type.firstArgIsHandle()) {
            // gearmand 1.1.20 forwards a WORK_EXCEPTION to a client that did not ask for
            // exceptions as WORK_FAIL "H\0": a handle never ends in NUL, so drop them.
            args[0] = stripTrailingNuls(args[0]);
        }
        return Packet.owning(type, args);
    }

    /**
     * Fills {@code buf[from, from+len)}; returns fewer only at end of stream. A read timeout after
     * the first byte of a frame is a broken frame, not an idle connection.
     */
    private int readUpTo(byte[] buf, int from, int len, boolean frameStart) throws IOException {
        int done = 0;
        while (done < len) {
            int n;
            try {
                n = in.read(buf, from + done, len - done);
            } catch (SocketTimeoutException e) {
                if (frameStart && done == 0) {
                    throw e;
                }
                throw new GearmanProtocolException(
                        peer + " stopped sending inside a packet: got " + done + " of " + len + " "
                                + (frameStart ? "header" : "payload") + " bytes before the read timed out",
                        e);
            }
            if (n < 0) {
                if (frameStart && done == 0) {
                    throw new EOFException(peer + " closed the connection");
                }
                return done;
            }
            done += n;
        }
        return done;
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] stripTrailingNuls(byte[] handle) {
        int end = handle.length;
        while (end > 0 && handle[end - 1] == 0) {
            end--;
        }
        return end == handle.length ? handle : Arrays.copyOf(handle, end);
    }

    static long u32(byte[] b, int at) {
        return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8) | (b[at + 3] & 0xffL);
    }
}
