package dev.errand.dashboard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Follows a timing-log file into a {@link TimingFeed}: each {@link #poll} reads what was appended since the last one
 * (from the last {@link #FIRST_READ} bytes at first; a file that got shorter was rotated and is read from its start).
 */
final class TimingFile {
    static final long FIRST_READ = 64L << 20;
    private static final int CHUNK = 1 << 20;

    private final Path path;
    private final TimingFeed feed;
    private long offset = -1;
    private final StringBuilder partial = new StringBuilder();

    TimingFile(Path path, TimingFeed feed) {
        this.path = path;
        this.feed = feed;
    }

    Path path() {
        return path;
    }

    /** Reads the lines appended since the last call; false when the file does not exist (yet). */
    synchronized boolean poll() throws IOException {
        if (!Files.exists(path)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (offset < 0 || size < offset) {
                offset = offset < 0 ? Math.max(0, size - FIRST_READ) : 0;
                partial.setLength(0);
            }
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            while (offset < size) {
                buf.clear();
                int n = ch.read(buf, offset);
                if (n <= 0) {
                    break;
                }
                offset += n;
                partial.append(new String(buf.array(), 0, n, StandardCharsets.UTF_8));
                emitWholeLines();
            }
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private void emitWholeLines() {
        int start = 0;
        for (int i = 0; i < partial.length(); i++) {
            if (partial.charAt(i) == '\n') {
                feed.accept(partial.substring(start, i).strip());
                start = i + 1;
            }
        }
        partial.delete(0, start);
    }
}
