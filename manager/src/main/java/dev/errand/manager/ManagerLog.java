package dev.errand.manager;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The manager log: one timestamped line per event, {@code <ts> <event> key=value... [text]}, e.g.
 * <pre>
 * 2026-11-29T10:15:02.114Z start group=bookmarks pid=4711 generation=3
 * 2026-11-29T10:15:40.870Z recycle group=bookmarks pid=4711 generation=3 jobs=500 uptime=38.7s
 * 2026-11-29T10:15:41.002Z crash group=mail pid=4713 generation=2 exit=137 jobs=12 uptime=1.2s
 * </pre>
 * Lines go to the log file (appended, flushed per line) and/or a console stream.
 */
public final class ManagerLog implements AutoCloseable {
    private final Clock clock;
    private final OutputStream file;
    private final PrintWriter console;

    public ManagerLog(Clock clock, Optional<Path> logFile, PrintWriter console) throws IOException {
        this.clock = clock;
        if (logFile.isPresent()) {
            this.file = Files.newOutputStream(
                    OwnerOnlyFiles.ensureFile(logFile.get()),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } else {
            this.file = null;
        }
        this.console = console;
    }

    /** Writes {@code <ts> <event> <details>}. */
    public synchronized void event(String event, String details) {
        String line = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS)) + " " + event
                + (details.isEmpty() ? "" : " " + details) + "\n";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (file != null) {
            try {
                file.write(bytes);
                file.flush();
            } catch (IOException e) {
                if (console != null) {
                    console.println("errand manager: cannot write the manager log: " + e.getMessage());
                }
            }
        }
        if (console != null) {
            console.print(line);
            console.flush();
        }
    }

    @Override
    public synchronized void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // nothing left to report it to
            }
        }
    }
}
