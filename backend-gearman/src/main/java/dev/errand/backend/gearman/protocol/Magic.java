package dev.errand.backend.gearman.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The four bytes that open every binary packet: {@code \0REQ} from clients and workers, {@code \0RES} from the server. */
public enum Magic {
    REQUEST("\0REQ"),
    RESPONSE("\0RES");

    private final byte[] bytes;

    Magic(String text) {
        this.bytes = text.getBytes(StandardCharsets.US_ASCII);
    }

    byte[] bytes() {
        return bytes.clone();
    }

    /** Puts the four bytes at {@code b[at]}, without the copy {@link #bytes()} makes. */
    void copyTo(byte[] b, int at) {
        System.arraycopy(bytes, 0, b, at, 4);
    }

    boolean matches(byte[] header) {
        return Arrays.equals(header, 0, 4, bytes, 0, 4);
    }
}
