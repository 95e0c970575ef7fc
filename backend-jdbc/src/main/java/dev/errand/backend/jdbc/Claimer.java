package dev.errand.backend.jdbc;

import dev.errand.backend.jdbc.dialect.ClaimStatement;
import dev.errand.backend.jdbc.dialect.ClaimedRow;
import dev.errand.job.JobHeaders;
import dev.errand.job.JobId;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Claims due jobs in one statement or transaction with the dialect's {@link ClaimStatement}; they come back in claim order. */
final class Claimer {
    private final Database db;
    private final ClaimStatement statement;

    Claimer(Database db) {
        this.db = db;
        this.statement = db.dialect().claim();
    }

    List<ClaimedJob> claim(Set<String> queues, int max, String owner, Instant now, Duration leaseDuration) {
        long nowMicros = Micros.of(now);
        long expires = Micros.of(now.plus(leaseDuration));
        Database.Work<List<ClaimedRow>> claim = c -> statement.claim(c, queues, max, owner, nowMicros, expires);
        // One statement: in auto-commit where that saves the COMMIT's round trip. If the connection is lost the claim
        // may have leased jobs this worker never hears of; they come back when their lease expires.
        List<ClaimedRow> rows = db.autoCommitted("claim jobs from queues " + queues, claim, claim);
        List<ClaimedJob> claimed = new ArrayList<>(rows.size());
        for (ClaimedRow r : rows) {
            JobId id = JobId.of(Long.toString(r.id()));
            claimed.add(new ClaimedJob(
                    id,
                    r.name(),
                    r.queue(),
                    r.priority(),
                    r.payload(),
                    r.fingerprint(),
                    r.attempt(),
                    r.maxAttempts(),
                    Duration.ofMillis(r.timeoutMs()),
                    Micros.toInstant(r.enqueuedAt()),
                    Micros.toInstant(r.runAt()),
                    new Lease(id, owner, r.attempt()),
                    true,
                    JobHeaders.decode(r.headers())));
        }
        return claimed;
    }
}
