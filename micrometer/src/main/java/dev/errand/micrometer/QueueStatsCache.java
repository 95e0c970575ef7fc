package dev.errand.micrometer;

import dev.errand.spi.Backend;
import dev.errand.spi.QueueStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend's queue stats, read at most once per interval: a storm of scrapes costs one backend call. A failed
 * read keeps the last reading and is logged once until a read succeeds again.
 */
final class QueueStatsCache {
    private static final Logger log = LoggerFactory.getLogger(ErrandMetrics.class);

    private final Backend backend;
    private final Clock clock;
    private final Duration interval;
    private Map<String, QueueStats> last = Map.of();
    private Instant readAt;
    private boolean failing;

    QueueStatsCache(Backend backend, Clock clock, Duration interval) {
        this.backend = backend;
        this.clock = clock;
        this.interval = interval;
    }

    /** The stats per queue, read now when the last reading is older than the interval. */
    synchronized Map<String, QueueStats> get() {
        Instant now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(interval))) {
            readAt = now;
            try {
                Map<String, QueueStats> read = new LinkedHashMap<>();
                for (QueueStats s : backend.queueStats()) {
                    read.put(s.queue(), s);
                }
                last = read;
                if (failing) {
                    log.info("queue stats of the {} backend can be read again", backend.name());
                    failing = false;
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    log.warn(
                            "cannot read the queue stats of the {} backend for metrics; the queue gauges show the "
                                    + "last reading until it can: {}",
                            backend.name(),
                            e.toString());
                    failing = true;
                }
            }
        }
        return last;
    }

    Instant now() {
        return clock.instant();
    }
}
