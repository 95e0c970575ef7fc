package dev.errand.backend.jdbc;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes jobs that finished more than {@code errand.jdbc.retention} ago, with their errors and
 * results, so the hot table stays small. It runs from the workers' lease maintenance
 * ({@code recoverExpiredLeases}), at most once per {@link #EVERY} of the backend's clock and at most
 * {@link #BATCH} rows at a time; a full batch lets the next call continue at once.
 */
final class Retention {
    static final Duration EVERY = Duration.ofMinutes(1);
    static final int BATCH = 1000;

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final Database db;
    private final Duration retention;
    private final AtomicReference<Instant> next = new AtomicReference<>(Instant.MIN);

    Retention(Database db, Duration retention) {
        this.db = db;
        this.retention = retention;
    }

    /** Prunes one batch if it is time; returns how many jobs were deleted. */
    int maybePrune(Instant now) {
        Instant due = next.get();
        if (now.isBefore(due) || !next.compareAndSet(due, now.plus(EVERY))) {
            return 0;
        }
        try {
            int deleted = prune(now.minus(retention), BATCH);
            if (deleted >= BATCH) {
                next.set(now);
            }
            if (deleted > 0) {
                log.debug("deleted {} jobs finished before {} ({})", deleted, now.minus(retention), JdbcSettings.RETENTION);
            }
            return deleted;
        } catch (RuntimeException e) {
            log.warn("could not delete old finished jobs ({}); will try again", JdbcSettings.RETENTION, e);
            return 0;
        }
    }

    int prune(Instant before, int limit) {
        return db.transaction("delete finished jobs", c -> {
            try (PreparedStatement ps = c.prepareStatement(db.dialect().pruneFinished())) {
                ps.setLong(1, Micros.of(before));
                ps.setInt(2, limit);
                return ps.executeUpdate();
            }
        });
    }
}
