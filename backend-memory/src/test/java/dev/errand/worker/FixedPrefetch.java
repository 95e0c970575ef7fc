package dev.errand.worker;

import java.time.Duration;

/** A {@link Prefetch} that always keeps its batch size waiting, as the runtime's parts were sized before it adapted. */
final class FixedPrefetch {
    private FixedPrefetch() {}

    static Prefetch of(int threads, int batchSize) {
        Prefetch prefetch = new Prefetch(threads, batchSize, Duration.ofDays(1));
        prefetch.ran(1); // a day's window over 1 ns of run time: as many as the batch size allows
        return prefetch;
    }
}
