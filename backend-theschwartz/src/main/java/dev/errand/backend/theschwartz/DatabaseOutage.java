package dev.errand.backend.theschwartz;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls of this process's workers that failed in a row (grabs, checks for due jobs, finishes, renewals: the database
 * away, say), so that the first grab that works again says so. The workers log each failure; without this line an
 * operator cannot tell from the log when they recovered.
 */
final class DatabaseOutage {
    private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);

    private final String database;
    private final Clock clock;
    private final AtomicLong failures = new AtomicLong();
    private volatile Instant since;
    private volatile String lastRecovery;

    DatabaseOutage(String database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    void failed() {
        if (failures.getAndIncrement() == 0) {
            since = clock.instant();
        }
    }

    void succeeded() {
        if (failures.get() == 0) {
            return;
        }
        long failed = failures.getAndSet(0);
        if (failed > 0) {
            Instant from = since;
            String line = "TheSchwartz database " + database + " answers the workers again after " + failed
                    + " failed call(s) in "
                    + Duration.between(from, clock.instant()).toMillis() + " ms (since "
                    + from + "); they grab and finish jobs again by themselves";
            lastRecovery = line;
            log.info(line);
        }
    }

    /** The recovery line logged last, or null. */
    String lastRecovery() {
        return lastRecovery;
    }
}
