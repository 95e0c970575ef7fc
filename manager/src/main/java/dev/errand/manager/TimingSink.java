package dev.errand.manager;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one writer of the timing log. Children send their {@code errand.timing} lines to the
 * parent over their standard output; the parent appends them here, a whole line at a time, so
 * many children never interleave or overwrite each other's lines. {@code errand report} reads the file.
 */
final class TimingSink implements AutoCloseable {
    private final Path file;
    private final BufferedWriter out;
    private final ManagerLog log;
    private boolean failed;

    TimingSink(Path file, ManagerLog log) throws IOException {
        this.file = file;
        this.log = log;
        this.out = Files.newBufferedWriter(
                OwnerOnlyFiles.ensureFile(file),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    synchronized void append(String line) {
        try {
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            if (!failed) {
                failed = true;
                log.event("timing-log-error", "file=" + file + " " + e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the lines were flushed as they came
        }
    }
}
