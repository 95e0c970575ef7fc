package dev.errand.spi;

import dev.errand.config.CoreKeys;
import dev.errand.config.ErrandConfigException;

/**
 * A backend's bounded pool of connections, as {@link Backend#connectionPool()} reports it, so a
 * worker that the pool cannot serve fails when it starts instead of making its threads wait for
 * connections. A started worker calls the backend from each job thread (failures, and successes
 * when nothing else is queued) and from {@value #WORKER_OWN_THREADS} threads of its own (the
 * fetcher, the completer and the supervisor); the backend may keep some connections busy on
 * threads of its own ({@code reserved}).
 *
 * @param key       the configuration key that sizes the pool, e.g. {@code errand.jdbc.pool.maximumPoolSize}
 * @param size      the most connections the pool holds
 * @param reserved  how many of them the backend's own threads may hold at any time (a {@code LISTEN} session,
 *                  the thread that looks up outcomes)
 * @param defaulted true when {@code key} is not set and the backend sized the pool with {@link #needed} for
 *                  {@code errand.worker.threads}
 */
public record ConnectionPool(String key, int size, int reserved, boolean defaulted) {
    /** The threads of a started worker, besides its job threads, that call the backend. */
    public static final int WORKER_OWN_THREADS = 3;

    /** The connections a worker of {@code threads} job threads needs on a backend that reserves {@code reserved}. */
    public static int needed(int threads, int reserved) {
        return threads + WORKER_OWN_THREADS + reserved;
    }

    /**
     * Fails, naming {@link #key} and {@code errand.worker.threads} with the numbers, when the pool is
     * smaller than a worker of {@code threads} job threads needs.
     */
    public void checkFits(int threads) {
        int needed = needed(threads, reserved);
        if (size >= needed) {
            return;
        }
        String why = "it needs at least " + needed + " (" + threads + " job threads, " + WORKER_OWN_THREADS
                + " for the worker's fetcher, completer and supervisor"
                + (reserved > 0 ? ", " + reserved + " for the backend's own threads" : "") + ")";
        if (!defaulted) {
            throw new ErrandConfigException(key + "=" + size + " is too small for a worker of " + threads + " threads ("
                    + CoreKeys.WORKER_THREADS + "): " + why + "; raise it or lower the threads");
        }
        throw new ErrandConfigException(key + "=" + size + " (not set, so sized for " + CoreKeys.WORKER_THREADS + "="
                + (size - WORKER_OWN_THREADS - reserved) + ") is too small for a worker of " + threads + " threads: "
                + why
                + "; set " + CoreKeys.WORKER_THREADS + "=" + threads
                + " in the configuration so the pool is sized for it, or "
                + "set " + key + " to " + needed + " or more");
    }
}
