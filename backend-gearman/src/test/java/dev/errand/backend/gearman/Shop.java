package dev.errand.backend.gearman;

import dev.errand.Job;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Java jobs that the tests' Perl and C clients call through gearmand. */
public class Shop {
    final AtomicInteger flaky = new AtomicInteger();
    final AtomicInteger slowAttempts = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    final java.util.Queue<String> recorded = new java.util.concurrent.ConcurrentLinkedQueue<>();

    public record Total(String customer, int cents) {}

    @Job(name = "shop::Upper")
    public String upper(String text) {
        return text.toUpperCase(java.util.Locale.ROOT);
    }

    @Job(name = "shop::Total")
    public Total total(String customer, List<Integer> cents) {
        return new Total(customer, cents.stream().mapToInt(Integer::intValue).sum());
    }

    @Job(name = "shop::Refuse", maxAttempts = 1)
    public String refuse(String why) {
        throw new IllegalStateException("refused: " + why);
    }

    /** Fails twice, then succeeds: inline retries hold the Gearman job meanwhile. */
    @Job(name = "shop::Flaky", maxAttempts = 3)
    public String flaky(String text) {
        if (flaky.incrementAndGet() < 3) {
            throw new IllegalStateException("attempt " + flaky.get() + " fails");
        }
        return "ok after " + flaky.get() + ": " + text;
    }

    @Job(name = "shop::Record")
    public void record(String what) {
        recorded.add(what);
    }

    /** Waits past its timeout on the first two attempts (until the timeout interrupts it); the third returns at once. */
    @Job(name = "shop::Slow", timeout = "300ms", maxAttempts = 3)
    public String slow(String text) throws InterruptedException {
        if (slowAttempts.incrementAndGet() < 3) {
            new CountDownLatch(1).await(); // nothing counts it down: only the timeout's interrupt ends the wait
        }
        return "attempt " + slowAttempts.get() + ": " + text;
    }

    /** Runs until the test releases it. */
    @Job(name = "shop::Hold")
    public String hold(String text) throws InterruptedException {
        release.await();
        return text;
    }
}
