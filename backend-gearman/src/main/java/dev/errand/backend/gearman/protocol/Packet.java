package dev.errand.backend.gearman.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One Gearman packet: its type and its arguments as bytes. Binary safe: the last argument may
 * hold any bytes, NULs included; the others may not, because NUL separates them on the wire.
 * Immutable: arguments are copied in and out.
 */
public final class Packet {
    private final PacketType type;
    private final List<byte[]> args;

    private Packet(PacketType type, List<byte[]> args) {
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
        List<byte[]> copies = new ArrayList<>(args.length);
        for (int i = 0; i < args.length; i++) {
            byte[] arg = Objects.requireNonNull(args[i], "argument " + i + " of " + type + " == null");
            if (i < args.length - 1 && indexOfNul(arg) >= 0) {
                throw new IllegalArgumentException("argument " + i + " of " + type
                        + " contains a NUL byte; only the last argument may: " + Bytes.preview(arg));
            }
            copies.add(arg.clone());
        }
        return new Packet(type, List.copyOf(copies));
    }

    /** The same with text arguments in UTF-8 (function names, handles, uniques, numbers). */
    public static Packet ofText(PacketType type, String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = Objects.requireNonNull(args[i], "argument " + i + " of " + type + " == null")
                    .getBytes(StandardCharsets.UTF_8);
        }
        return of(type, bytes);
    }

    public PacketType type() {
        return type;
    }

    public int argCount() {
        return args.size();
    }

    /** A copy of argument {@code i}. */
    public byte[] arg(int i) {
        return args.get(i).clone();
    }

    /** Argument {@code i} decoded as UTF-8. */
    public String text(int i) {
        return new String(args.get(i), StandardCharsets.UTF_8);
    }

    /** The payload's size on the wire: the arguments and the NULs between them. */
    int payloadSize() {
        int size = Math.max(0, args.size() - 1);
        for (byte[] arg : args) {
            size += arg.length;
        }
        return size;
    }

    List<byte[]> rawArgs() {
        return args;
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
        if (type != other.type || args.size() != other.args.size()) {
            return false;
        }
        for (int i = 0; i < args.size(); i++) {
            if (!Arrays.equals(args.get(i), other.args.get(i))) {
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
        for (int i = 0; i < args.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(Bytes.preview(args.get(i)));
        }
        return sb.append(']').toString();
    }
}
