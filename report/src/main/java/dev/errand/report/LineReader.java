package dev.errand.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a byte stream into lines without decoding or copying them: {@link #next()} returns a
 * {@link CharSequence} view of the bytes (read as Latin-1, which is exact for the ASCII keys and values
 * of the timing log; {@code subSequence} and {@code toString} decode UTF-8). The view is reused, so a
 * caller must take what it needs before asking for the next line. {@code \n} and {@code \r\n} end a line.
 * A line longer than {@value #MAX_LINE} bytes is dropped whole and counted in {@link #droppedLines()}.
 */
final class LineReader {
    static final int MAX_LINE = 1 << 20;

    private final InputStream in;
    private byte[] buf = new byte[1 << 16];
    private int start;
    private int end;
    private int scan;
    private boolean eof;
    private boolean skipping;
    private long dropped;
    private final ByteLine line = new ByteLine();

    LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line, or {@code null} at the end of the stream; valid until the next call. */
    CharSequence next() throws IOException {
        while (true) {
            int i = scan;
            while (i < end && buf[i] != '\n') {
                i++;
            }
            if (i < end) {
                int lineEnd = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                int lineStart = start;
                start = scan = i + 1;
                if (skipping) {
                    skipping = false; // the tail of a dropped line
                    continue;
                }
                line.set(buf, lineStart, lineEnd - lineStart);
                return line;
            }
            scan = end;
            if (eof) {
                if (start < end && !skipping) {
                    line.set(buf, start, end - start);
                    start = scan = end;
                    return line;
                }
                return null;
            }
            fill();
        }
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            scan -= start;
            start = 0;
        }
        if (end == buf.length) {
            if (buf.length < MAX_LINE) {
                byte[] bigger = new byte[buf.length * 2];
                System.arraycopy(buf, 0, bigger, 0, end);
                buf = bigger;
            } else {
                // A line longer than MAX_LINE is no timing line: drop it up to its end.
                dropped++;
                end = 0;
                scan = 0;
                skipping = true;
                return;
            }
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    /** Lines longer than {@value #MAX_LINE} bytes that were dropped. */
    long droppedLines() {
        return dropped;
    }

    /** A window on the reader's buffer. */
    static final class ByteLine implements CharSequence {
        private byte[] bytes;
        private int offset;
        private int length;

        void set(byte[] bytes, int offset, int length) {
            this.bytes = bytes;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            return (char) (bytes[offset + index] & 0xff);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return new String(bytes, offset + from, to - from, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return new String(bytes, offset, length, StandardCharsets.UTF_8);
        }
    }
}
