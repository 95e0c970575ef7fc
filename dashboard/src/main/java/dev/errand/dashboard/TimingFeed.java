package dev.errand.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The recent timing-log lines the overview's live figures are computed from: give it to
 * {@code errand.worker().timingListener(feed)} in an application that embeds the dashboard, or let the dashboard
 * follow a timing-log file ({@link DashboardOptions.Builder#timingLog}). Keeps the lines of the last
 * {@link #WINDOW} by the time each line names ({@code ts=}), at most {@link #MAX_LINES} of them.
 */
public final class TimingFeed implements Consumer<String> {
    /** How far back the overview looks. */
    public static final Duration WINDOW = Duration.ofHours(1);
    /** The most lines kept: the oldest go first beyond it (a busy hour is then a shorter window, not more memory). */
    public static final int MAX_LINES = 200_000;

    private record Line(Instant ts, String text) {}

    private final Deque<Line> lines = new ArrayDeque<>();
    private long received;

    /** Takes one timing line ({@code ts=... fn=...}, maybe after a logger's prefix); other lines are ignored. */
    @Override
    public void accept(String line) {
        Instant ts = timestamp(line);
        if (ts == null) {
            return;
        }
        synchronized (lines) {
            lines.addLast(new Line(ts, line));
            received++;
            while (lines.size() > MAX_LINES) {
                lines.removeFirst();
            }
        }
    }

    /** The lines whose {@code ts} is within {@link #WINDOW} before {@code now}, oldest first; drops older ones. */
    List<String> window(Instant now) {
        Instant from = now.minus(WINDOW);
        synchronized (lines) {
            lines.removeIf(l -> l.ts.isBefore(from));
            List<String> out = new ArrayList<>(lines.size());
            lines.forEach(l -> out.add(l.text));
            return out;
        }
    }

    /** How many timing lines this feed was given in all: zero means no worker feeds it (yet). */
    long received() {
        synchronized (lines) {
            return received;
        }
    }

    private static Instant timestamp(String line) {
        int at = line.startsWith("ts=") ? 0 : line.indexOf(" ts=") + 1;
        if (at < 0 || (at == 0 && !line.startsWith("ts="))) {
            return null;
        }
        int end = line.indexOf(' ', at);
        try {
            return Instant.parse(line.substring(at + 3, end < 0 ? line.length() : end));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
