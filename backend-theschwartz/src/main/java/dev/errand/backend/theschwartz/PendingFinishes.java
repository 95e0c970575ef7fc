package dev.errand.backend.theschwartz;

import dev.errand.spi.Lease;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes of this process's workers that the database refused (it was away), which the worker may since have given
 * up retrying: kept in memory and written, fenced as ever, before the next grab. So a job that ran is not grabbed and
 * run again only because its finish met an outage longer than the worker retries. A Perl or Java worker of another
 * process that grabbed the job once its grab ran out wins: the kept finish then changes nothing.
 */
final class PendingFinishes {
    private static final Logger log = LoggerFactory.getLogger(PendingFinishes.class);

    /** One fenced finish, written again; throws {@link TheSchwartzException} while the database is away. */
    interface Finish {
        void write();
    }

    private final Map<Lease, Finish> pending = new ConcurrentHashMap<>();

    void keep(Lease lease, Finish finish) {
        pending.put(lease, finish);
    }

    void done(Lease lease) {
        if (!pending.isEmpty()) {
            pending.remove(lease);
        }
    }

    /** Writes the kept finishes; throws as the first that fails does (the database is still away). */
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        int written = 0;
        for (Map.Entry<Lease, Finish> e : pending.entrySet()) {
            e.getValue().write();
            if (pending.remove(e.getKey(), e.getValue())) {
                written++;
            }
        }
        if (written > 0) {
            log.info("wrote {} finish(es) of jobs that ran while the TheSchwartz database was away", written);
        }
    }
}
