package dev.errand.bench.raw;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/** Times a raw queue the way the scenarios time Errand: a burst of batches, one add per call, a drain by threads. */
public final class RawRun {
    private RawRun() {}

    /** Items per second for {@code n} items added in batches of {@code batch} by one thread. */
    public static double burst(RawQueue queue, int n, int batch) {
        long t0 = System.nanoTime();
        for (int sent = 0; sent < n; sent += batch) {
            queue.addBatch(Math.min(batch, n - sent));
        }
        return n * 1e9 / (System.nanoTime() - t0);
    }

    /**
     * The fewest untimed calls before a one-call-each run (a quarter of it, at most 5,000); Errand's row goes on until
     * the JIT has compiled its path, and its raw queue makes as many.
     */
    public static int singleWarmUp(int n) {
        return Math.min(5_000, n / 4);
    }

    /**
     * Items per second for {@code n} items added one call each by {@code producers} threads. Each thread first makes
     * its share of {@code warmUp} untimed calls, so that a queue holding a connection per thread has it open before
     * the clock starts.
     */
    public static double single(RawQueue queue, int n, int producers, int warmUp) {
        int each = n / producers;
        double seconds = timeThreads(
                producers,
                () -> {
                    for (int i = 0; i < warmUp / producers; i++) {
                        queue.addOne();
                    }
                },
                () -> {
                    for (int i = 0; i < each; i++) {
                        queue.addOne();
                    }
                });
        return each * producers / seconds;
    }

    /** Items per second for {@code threads} threads taking {@code n} queued items until none is left. */
    public static double drain(RawQueue queue, int n, int threads) {
        AtomicLong taken = new AtomicLong();
        double seconds = timeThreads(threads, () -> {}, () -> {
            while (taken.get() < n) {
                int got = queue.take();
                if (got == 0 && taken.get() >= n) {
                    return;
                }
                taken.addAndGet(got);
            }
        });
        return taken.get() / seconds;
    }

    /**
     * Seconds from the moment every one of {@code threads} threads has run {@code warmUp} (untimed) until every one
     * has run {@code body}.
     */
    private static double timeThreads(int threads, Runnable warmUp, Runnable body) {
        List<Thread> started = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(
                    () -> {
                        try {
                            try {
                                warmUp.run();
                            } finally {
                                ready.countDown();
                            }
                            go.await();
                            body.run();
                        } catch (RuntimeException e) {
                            synchronized (failures) {
                                failures.add(e);
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "bench-raw-" + i);
            started.add(t);
            t.start();
        }
        long t0;
        try {
            ready.await();
            t0 = System.nanoTime();
            go.countDown();
            for (Thread t : started) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.forEach(Thread::interrupt);
            throw new IllegalStateException("interrupted while the raw queue ran");
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
