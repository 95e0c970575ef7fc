package dev.errand.bench.raw;

import java.util.ArrayList;
import java.util.List;
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
     * Untimed calls before a one-call-each run, Errand's and its raw queue's alike: enough for the JIT to compile the
     * call's path (a few hundred left most of a short row's CPU to compilation), at most a quarter of the run.
     */
    public static int singleWarmUp(int n) {
        return Math.min(5_000, n / 4);
    }

    /**
     * Items per second for {@code n} items added one call each by {@code producers} threads, after {@code warmUp}
     * untimed calls from one thread.
     */
    public static double single(RawQueue queue, int n, int producers, int warmUp) {
        for (int i = 0; i < warmUp; i++) {
            queue.addOne();
        }
        int each = n / producers;
        double seconds = timeThreads(producers, () -> {
            for (int i = 0; i < each; i++) {
                queue.addOne();
            }
        });
        return each * producers / seconds;
    }

    /** Items per second for {@code threads} threads taking {@code n} queued items until none is left. */
    public static double drain(RawQueue queue, int n, int threads) {
        AtomicLong taken = new AtomicLong();
        double seconds = timeThreads(threads, () -> {
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

    /** Seconds until every one of {@code threads} threads running {@code body} has finished. */
    private static double timeThreads(int threads, Runnable body) {
        List<Thread> started = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(
                    () -> {
                        try {
                            body.run();
                        } catch (RuntimeException e) {
                            synchronized (failures) {
                                failures.add(e);
                            }
                        }
                    },
                    "bench-raw-" + i);
            started.add(t);
            t.start();
        }
        for (Thread t : started) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the raw queue ran");
            }
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
