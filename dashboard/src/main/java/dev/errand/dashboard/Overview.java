package dev.errand.dashboard;

import dev.errand.Errand;
import dev.errand.spi.FinishedStats;
import dev.errand.spi.QueueStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overview's queue table: {@code queueStats()}, {@code finishedStats()} and the paused set, read at most once per
 * refresh interval however many pages ask, so a wall of open browsers costs the store one read per interval. Past the
 * interval a page gets the last counts at once while one background read brings new ones (the page shows their
 * time), so no page waits for the counts of a large store but the very first.
 */
final class Overview implements AutoCloseable {
    /** One queue's row. {@code succeeded} is "n/a" where the backend does not count succeeded jobs. */
    record QueueRow(
            String queue,
            long available,
            long scheduled,
            long running,
            long retryable,
            long dead,
            long cancelled,
            String succeeded,
            String oldestWaiting,
            boolean paused) {}

    record Snapshot(List<QueueRow> queues, Instant at, long totalDead, long totalWaiting) {}

    /** The counts to show, and when the last read after them failed (null when it did not). */
    record View(Snapshot snapshot, Instant failedAt) {}

    static final Duration SUCCEEDED_WINDOW = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(Overview.class);

    private final Errand errand;
    private final Clock clock;
    private final Duration ttl;
    private Snapshot cached;
    private boolean reading;
    private Instant failedAt;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "errand-dashboard-counts");
        t.setDaemon(true);
        return t;
    });
    /** Whether the backend counts succeeded jobs, as its last answer with any queue showed; null before one. */
    private Boolean succeededCounted;

    /** Whether the backend counts finished jobs and pauses queues ({@code Capability.OPERATIONS}). */
    private final boolean operations;

    Overview(Errand errand, Clock clock, Duration ttl, boolean operations) {
        this.errand = errand;
        this.operations = operations;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The counts; read now only when there are none yet (first page, or after an action). */
    View view() {
        synchronized (this) {
            if (cached == null) {
                cached = read(clock.instant());
                failedAt = null;
            } else if (!reading && !clock.instant().isBefore(cached.at().plus(ttl))) {
                reading = true;
                reader.execute(this::refresh);
            }
            return new View(cached, failedAt);
        }
    }

    private void refresh() {
        try {
            Snapshot fresh = read(clock.instant());
            synchronized (this) {
                cached = fresh;
                failedAt = null;
            }
        } catch (RuntimeException e) {
            LOG.warn("the dashboard could not read the queue counts; showing those of {}", cached.at(), e);
            synchronized (this) {
                failedAt = clock.instant();
            }
        } finally {
            synchronized (this) {
                reading = false;
            }
        }
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }

    /** Forgets the cached counts: the next page shows an action's effect at once. */
    synchronized void invalidate() {
        cached = null;
    }

    private Snapshot read(Instant now) {
        Map<String, QueueStats> open =
                errand.admin().queues().stream().collect(Collectors.toMap(QueueStats::queue, Function.identity()));
        Map<String, FinishedStats> finished = !operations
                ? Map.of()
                : errand.admin().finished(SUCCEEDED_WINDOW).stream()
                        .collect(Collectors.toMap(FinishedStats::queue, Function.identity()));
        Set<String> paused = operations ? errand.admin().pausedQueues() : Set.of();
        finished.values().stream()
                .findFirst()
                .ifPresent(f -> succeededCounted = f.succeeded().isPresent());
        String noneSucceeded = succeededCounted == null ? "–" : succeededCounted ? "0" : "n/a";
        Set<String> names = new TreeSet<>(open.keySet());
        names.addAll(finished.keySet());
        names.addAll(paused);
        Map<String, QueueRow> rows = new TreeMap<>();
        long dead = 0, waiting = 0;
        for (String q : names) {
            QueueStats s = open.get(q);
            FinishedStats f = finished.get(q);
            QueueRow row = new QueueRow(
                    q,
                    s == null ? 0 : s.available(),
                    s == null ? 0 : s.scheduled(),
                    s == null ? 0 : s.running(),
                    s == null ? 0 : s.retryable(),
                    f == null ? 0 : f.dead(),
                    f == null ? 0 : f.cancelled(),
                    f == null
                            ? noneSucceeded
                            : f.succeeded().isPresent()
                                    ? Fmt.count(f.succeeded().getAsLong())
                                    : "n/a",
                    s == null || s.oldestAvailable().isEmpty() ? "" : Fmt.age(s.oldestAge(now)),
                    paused.contains(q));
            rows.put(q, row);
            dead += row.dead();
            waiting += row.available();
        }
        return new Snapshot(List.copyOf(rows.values()), now, dead, waiting);
    }
}
