package dev.errand.testkit;

import dev.errand.Job;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The jobs the contract suite runs. State is per instance, so each test makes its own.
 */
public class TckService {
    /** How many times each key was run (exactly-once checks). */
    public final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    /** Released by a test to let {@link #block} jobs finish. */
    public final CountDownLatch release = new CountDownLatch(1);
    /** Counted down each time a {@link #block} job starts. */
    public volatile CountDownLatch started = new CountDownLatch(1);

    @Job(queue = "tck")
    public String echo(String text) {
        return text;
    }

    @Job(queue = "tck")
    public int add(int a, int b) {
        return a + b;
    }

    @Job(queue = "tck")
    public Totals total(List<Integer> values, Map<String, Integer> weights) {
        int sum = values.stream().mapToInt(Integer::intValue).sum();
        return new Totals(
                sum, weights.values().stream().mapToInt(Integer::intValue).sum());
    }

    /** Counts the run; the count is what exactly-once tests check. */
    @Job(queue = "tck")
    public void record(String key) {
        runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    /** Counts the run, then takes about {@code micros} microseconds, as a job with real work does. */
    @Job(queue = "tck")
    public void pace(String key, int micros) {
        runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        LockSupport.parkNanos(micros * 1000L);
    }

    /** Throws on every attempt. */
    @Job(queue = "tck", maxAttempts = 3)
    public void alwaysFail(String message) {
        runs.computeIfAbsent("alwaysFail", k -> new AtomicInteger()).incrementAndGet();
        throw new IllegalStateException(message);
    }

    /** Fails the first {@code failures} attempts for {@code key}, then returns the attempt number. */
    @Job(queue = "tck", maxAttempts = 5)
    public int flaky(String key, int failures) {
        int attempt = runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        if (attempt <= failures) {
            throw new IllegalStateException("flaky failure " + attempt + " of " + failures);
        }
        return attempt;
    }

    /** Blocks until the test releases it (or 30 s pass). */
    @Job(queue = "tck")
    public String block(String key) throws InterruptedException {
        started.countDown();
        if (!release.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("block job " + key + " was never released");
        }
        runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return key;
    }

    /** Blocks as {@link #block} does, but ends an interrupt with an exception that wraps it, as many clients do. */
    @Job(queue = "tck", maxAttempts = 1)
    public String blockWrapped(String key) {
        try {
            return block(key);
        } catch (InterruptedException e) {
            throw new IllegalStateException("block job " + key + " was interrupted", e);
        }
    }

    /** Sleeps far past its timeout; the worker must interrupt it. */
    @Job(queue = "tck", timeout = "300ms", maxAttempts = 2)
    public void overrun(String key) throws InterruptedException {
        runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        new CountDownLatch(1).await(60, TimeUnit.SECONDS); // blocks until the worker interrupts it
    }

    /**
     * Runs past its timeout and ignores the interrupt until the test releases it (or 30 s pass), as a job blocked in
     * uninterruptible I/O does.
     */
    @Job(queue = "tck", timeout = "300ms", maxAttempts = 1)
    public void stubborn(String key) {
        runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        boolean interrupted = false;
        long left;
        while (release.getCount() > 0 && (left = deadline - System.nanoTime()) > 0) {
            try {
                release.await(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true; // ignored until released
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A result value with fields, to check records travel both ways. */
    public record Totals(int sum, int weight) {}

    public int runs(String key) {
        AtomicInteger n = runs.get(key);
        return n == null ? 0 : n.get();
    }
}
