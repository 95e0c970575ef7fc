package dev.errand.bench.backend;

import dev.errand.Errand;
import java.util.Map;

/**
 * An empty store and the clients on it. For a shared backend the producer and the worker use
 * two {@link Errand} instances with their own connections, as two processes would, so wake-ups
 * and outcomes travel through the server (NOTIFY, pub/sub) and not through shortcuts inside one
 * backend instance. The memory backend lives in one JVM: both are the same instance.
 */
public interface Session extends AutoCloseable {

    /** Enqueues, submits and awaits results. */
    Errand client();

    /** Runs workers. */
    Errand workers();

    /** Finished jobs (succeeded, dead, cancelled) the store holds now, -1 where they cannot be counted. */
    default long finishedJobs() {
        return -1;
    }

    /** What the store holds now: the jobs table's rows (JDBC), the keys (Redis); -1 where it cannot be counted. */
    default long storeSize() {
        return -1;
    }

    /**
     * The {@code errand.*} settings of this session's clients: what another process needs to work on the same store.
     * Empty for a store no other process can reach (memory).
     */
    default Map<String, String> properties() {
        return Map.of();
    }

    /** Client connections the server has open now (PostgreSQL sessions, Redis clients); -1 where not counted. */
    default long serverConnections() {
        return -1;
    }

    /**
     * Counters of the server's work so far, by name: Redis's calls and microseconds per command ({@code INFO
     * commandstats}, every client of the server), PostgreSQL's commits and rows of this store's database
     * ({@code pg_stat_database}); empty where not counted.
     */
    default Map<String, Long> serverCounters() {
        return Map.of();
    }

    /**
     * The store's client sessions now: those running a statement by what they wait on ({@code
     * pg_stat_activity.wait_event}; {@code running} when on CPU), the others as {@code not busy}; empty where the
     * server cannot say.
     */
    default Map<String, Long> activeSessionsByWait() {
        return Map.of();
    }

    /** Closes the clients and drops the store. */
    @Override
    void close();
}
