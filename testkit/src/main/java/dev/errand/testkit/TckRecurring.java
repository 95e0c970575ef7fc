package dev.errand.testkit;

import dev.errand.Job;
import dev.errand.Recurring;
import java.util.concurrent.atomic.AtomicInteger;

/** A recurring job for the contract: every ten seconds, UTC, on a queue of its own. */
public class TckRecurring {
    public final AtomicInteger runs = new AtomicInteger();

    @Job(queue = "tck-recurring")
    @Recurring(cron = "*/10 * * * * *", name = "tck-every-ten-seconds")
    public void tick() {
        runs.incrementAndGet();
    }
}
