package dev.errand.bench;

import dev.errand.Job;

/**
 * The jobs the benchmark runs: as small as a job can be, so what is measured is Errand's own
 * cost per job (encode, store, claim, decode, invoke, record, timing log), not the job's.
 * The processor generates {@code BenchServiceJobs} and {@code BenchServiceDispatcher} from it.
 */
public class BenchService {
    public static final String QUEUE = "bench";

    /** Does nothing: the drain, deep-queue and enqueue scenarios. */
    @Job(queue = QUEUE, maxAttempts = 3, timeout = "1m")
    public void noop() {
        // the point of the job
    }

    /** Returns its argument: the {@code call()} and fan-out scenarios, which wait for a result. */
    @Job(queue = QUEUE, maxAttempts = 3, timeout = "1m")
    public int echo(int value) {
        return value;
    }

    /** A typical small payload (a URL and a few tags) for the codec and dispatcher benchmarks. */
    @Job(queue = QUEUE, maxAttempts = 3, timeout = "1m")
    public int tagged(String url, java.util.List<String> tags) {
        return url.length() + tags.size();
    }

    /**
     * Records how long ago {@code enqueuedNanos} ({@link System#nanoTime()} in the producer, which
     * is this process) was: enqueue → start, for the steady-state and idle-worker scenarios.
     */
    @Job(queue = QUEUE, maxAttempts = 3, timeout = "1m")
    public void stamp(long enqueuedNanos) {
        Probe.started(enqueuedNanos);
    }
}
