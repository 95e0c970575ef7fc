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

    boolean matches(byte[] header) {
        return Arrays.equals(header, 0, 4, bytes, 0, 4);
    }
}
