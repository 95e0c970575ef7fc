package dev.errand.report;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens a log for reading: plain text or gzip (rotated logs), told apart by the gzip magic bytes, not the name. */
public final class LogInput {
    private static final int BUFFER = 1 << 16;

    private LogInput() {}

    /** Opens {@code path}, decompressing it when it is gzip. */
    public static InputStream open(Path path) throws IOException {
        return decode(Files.newInputStream(path));
    }

    /** Wraps {@code raw} in a gzip decoder when it starts with the gzip magic bytes {@code 1f 8b}. */
    public static InputStream decode(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new GZIPInputStream(in, BUFFER);
        }
        return in;
    }
}
