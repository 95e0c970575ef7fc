package dev.errand.backend.gearman.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One Gearman packet: its type and its arguments as bytes. Binary safe: the last argument may
 * hold any bytes, NULs included; the others may not, because NUL separates them on the wire.
 * Immutable: arguments are copied in and out.
 */
public final class Packet {
    private final PacketType type;
    private final byte[][] args;

    private Packet(PacketType type, byte[][] args) {
        this.type = type;
        this.args = args;
    }

    /**
     * A packet of {@code type} with exactly {@code type.argCount()} arguments.
     *
     * @throws IllegalArgumentException if the count is wrong or an argument but the last holds a NUL
     */
    public static Packet of(PacketType type, byte[]... args) {
        Objects.requireNonNull(type, "type == null");
        if (args.length != type.argCount()) {
            throw new IllegalArgumentException(
                    type + " takes " + type.argCount() + " argument(s) but " + args.length + " were given");
        }
        byte[][] copies = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            copies[i] = Objects.requireNonNull(args[i], "argument " + i + " of " + type + " == null")
                    .clone();
        }
        return owning(type, copies);
    }

    /**
     * A packet that takes {@code args} as they are, without copying: for arrays no one else holds (the reader's, or
     * those {@link #of} and {@link #ofText} just made), since a worker builds and reads a few packets per job.
     */
    static Packet owning(PacketType type, byte[][] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (indexOfNul(args[i]) >= 0) {
                throw new IllegalArgumentException("argument " + i + " of " + type
                        + " contains a NUL byte; only the last argument may: " + Bytes.preview(args[i]));
            }
        }
        return new Packet(type, args);
    }

    /** The same with text arguments in UTF-8 (function names, handles, uniques, numbers). */
    public static Packet ofText(PacketType type, String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = Objects.requireNonNull(args[i], "argument " + i + " of " + type + " == null")
                    .getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length != type.argCount()) {
            throw new IllegalArgumentException(
                    type + " takes " + type.argCount() + " argument(s) but " + bytes.length + " were given");
        }
        return owning(type, bytes);
    }

    public PacketType type() {
        return type;
    }

    public int argCount() {
        return args.length;
    }

    /** A copy of argument {@code i}. */
    public byte[] arg(int i) {
        return args[i].clone();
    }

    /** Argument {@code i} decoded as UTF-8. */
    public String text(int i) {
        return new String(args[i], StandardCharsets.UTF_8);
    }

    /** The payload's size on the wire: the arguments and the NULs between them. */
    int payloadSize() {
        int size = Math.max(0, args.length - 1);
        for (byte[] arg : args) {
            size += arg.length;
        }
        return size;
    }

    /** Argument {@code i} itself, not a copy: for the writer, which only reads it. */
    byte[] rawArg(int i) {
        return args[i];
    }

    static int indexOfNul(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Packet)) {
            return false;
        }
        Packet other = (Packet) o;
        if (type != other.type || args.length != other.args.length) {
            return false;
        }
        for (int i = 0; i < args.length; i++) {
            if (!Arrays.equals(args[i], other.args[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = type.hashCode();
        for (byte[] arg : args) {
            h = 31 * h + Arrays.hashCode(arg);
        }
        return h;
    }

    /** E.g. {@code WORK_COMPLETE["H:vm:1", "a\x00b"]}: printable ASCII as is, other bytes escaped. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type.name()).append('[');
        for (int i = 0; i < args.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(Bytes.preview(args[i]));
        }
        return sb.append(']').toString();
    }
}
