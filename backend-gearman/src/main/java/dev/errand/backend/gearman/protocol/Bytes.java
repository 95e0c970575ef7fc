package dev.errand.backend.gearman.protocol;

/** Bytes shown in messages: quoted, printable ASCII as is, others as {@code \xNN}, long ones cut. */
final class Bytes {
    private static final int MAX_SHOWN = 64;

    private Bytes() {}

    static String preview(byte[] bytes) {
        return preview(bytes, 0, bytes.length);
    }

    static String preview(byte[] bytes, int from, int to) {
        StringBuilder sb = new StringBuilder("\"");
        int end = Math.min(to, from + MAX_SHOWN);
        for (int i = from; i < end; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        sb.append('"');
        if (to > end) {
            sb.append("... (").append(to - from).append(" bytes)");
        }
        return sb.toString();
    }
}
