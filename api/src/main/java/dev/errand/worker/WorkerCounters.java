package dev.errand.worker;

import dev.errand.worker.TimingLog.Status;
import java.util.concurrent.atomic.AtomicLong;

/** What a worker claimed and how its attempts ended, since it started. */
final class WorkerCounters {
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private final AtomicLong claimed = new AtomicLong();
    private final AtomicLong claims = new AtomicLong();
    private final AtomicLong emptyClaims = new AtomicLong();

    void count(Status status) {
        if (status == Status.ok) {
            succeeded.incrementAndGet();
        } else if (status == Status.retry) {
            retried.incrementAndGet();
        } else if (status == Status.dead) {
            dead.incrementAndGet();
        }
    }

    /** {@code n} attempts succeeded. */
    void succeeded(int n) {
        succeeded.addAndGet(n);
    }

    /** One claim call brought {@code n} jobs. */
    void claimed(int n) {
        claimed.addAndGet(n);
        claims.incrementAndGet();
        if (n == 0) {
            emptyClaims.incrementAndGet();
        }
    }

    ClaimStats claimStats() {
        return new ClaimStats(claims.get(), emptyClaims.get(), claimed.get());
    }

    long claimed() {
        return claimed.get();
    }

    long succeeded() {
        return succeeded.get();
    }

    long retried() {
        return retried.get();
    }

    long dead() {
        return dead.get();
    }

    long attempts() {
        return succeeded.get() + retried.get() + dead.get();
    }

    @Override
    public String toString() {
        return succeeded.get() + " succeeded, " + retried.get() + " retried, " + dead.get() + " dead";
    }
}
