package dev.errand.dashboard.jobs;

import dev.errand.Job;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** The jobs the dashboard tests run: one that fails until told to succeed, and one that records its runs. */
public class ShopJobs {
    /** While true, {@link #charge} throws: its jobs die (one attempt). */
    public static final AtomicBoolean FAIL = new AtomicBoolean(true);

    public static final AtomicInteger CHARGED = new AtomicInteger();
    public static final AtomicInteger MAILED = new AtomicInteger();

    @Job(queue = "payments", maxAttempts = 1)
    public String charge(String order, int cents) {
        if (FAIL.get()) {
            throw new IllegalStateException("card declined for order " + order);
        }
        CHARGED.incrementAndGet();
        return "charged " + order;
    }

    @Job(queue = "mail")
    public void send(String to) {
        MAILED.incrementAndGet();
    }
}
