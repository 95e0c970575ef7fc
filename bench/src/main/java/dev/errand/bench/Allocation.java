package dev.errand.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Bytes allocated by every thread of this JVM, from
 * {@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long[])}: independent of the
 * garbage collector and of when it runs. A thread that ends between two snapshots takes its
 * count with it; the benchmark's threads (producers, fetcher, job threads, pollers) outlive the
 * measurement, so the figure is exact for them.
 */
final class Allocation {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> byThread;

    private Allocation(Map<Long, Long> byThread) {
        this.byThread = byThread;
    }

    static boolean supported() {
        return THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();
    }

    static Allocation snapshot() {
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        Map<Long, Long> m = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                m.put(ids[i], bytes[i]);
            }
        }
        return new Allocation(m);
    }

    /** Bytes allocated since {@code earlier} by the threads alive now. */
    long since(Allocation earlier) {
        long total = 0;
        for (Map.Entry<Long, Long> e : byThread.entrySet()) {
            total += e.getValue() - earlier.byThread.getOrDefault(e.getKey(), 0L);
        }
        return total;
    }
}
