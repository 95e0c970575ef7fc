package dev.errand.bench;

import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.backend.gearman.admin.AdminClient;
import dev.errand.backend.gearman.admin.FunctionStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * One drain of the {@code gearman} scenario: {@code n} background jobs queued in gearmand first (by an Errand client,
 * {@code enqueueAll} in batches), then the workers started, and gearmand's {@code status} read every 2 ms until the
 * function is empty. The rate counts the jobs between 10% and 90% done, so that neither the workers' start (a Perl
 * process takes a while) nor the last stragglers weigh on it; the wall time is from the start to the last job.
 */
final class GearmanDrain {
    /** What one drain measured; {@code cpuNanos} and {@code switches} are this JVM's (meaningless for processes). */
    record Result(
            int jobs,
            double perSecond,
            double wallSeconds,
            long cpuNanos,
            long switches,
            Map<String, Long> switchesByThread,
            boolean complete) {}

    private static final int BATCH = 1_000;
    private static final long POLL_NANOS = 2_000_000;

    private final Errand client;
    private final String host;
    private final int port;

    GearmanDrain(Errand client, String host, int port) {
        this.client = client;
        this.host = host;
        this.port = port;
    }

    Result run(int n, Callable<AutoCloseable> workers) throws Exception {
        fill(n);
        try (AdminClient admin = AdminClient.connect(host, port, Duration.ofSeconds(10))) {
            long queued = remaining(admin);
            if (queued != n) {
                throw new IllegalStateException("gearmand holds " + queued + " jobs of " + GearmanEcho.FUNCTION
                        + " after queueing " + n + "; is another worker serving it?");
            }
            ProcessStats before = ProcessStats.now();
            ThreadSwitches threadsBefore = ThreadSwitches.now();
            long start = System.nanoTime();
            long deadline = start + 60_000_000_000L + n * 2_000_000L;
            long t10 = 0;
            long t90 = 0;
            long left = n;
            try (AutoCloseable running = workers.call()) {
                while (left > 0 && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(POLL_NANOS);
                    left = remaining(admin);
                    long now = System.nanoTime();
                    if (t10 == 0 && n - left >= n / 10) {
                        t10 = now;
                    }
                    if (t90 == 0 && n - left >= n - n / 10) {
                        t90 = now;
                    }
                }
                long end = System.nanoTime();
                ProcessStats after = ProcessStats.now();
                Map<String, Long> byThread = ThreadSwitches.now().since(threadsBefore);
                double rate = t90 > t10 ? (n - 2 * (n / 10)) * 1e9 / (t90 - t10) : n * 1e9 / (end - start);
                return new Result(
                        n,
                        rate,
                        (end - start) / 1e9,
                        after.cpuNanos() - before.cpuNanos(),
                        after.contextSwitches() - before.contextSwitches(),
                        byThread,
                        left == 0);
            }
        }
    }

    private void fill(int n) {
        GearmanEchoJobs jobs = new GearmanEchoJobs(client);
        List<JobCall<String>> batch = new ArrayList<>(BATCH);
        for (int sent = 0; sent < n; sent += batch.size()) {
            batch.clear();
            for (int i = 0; i < Math.min(BATCH, n - sent); i++) {
                batch.add(jobs.echo("x"));
            }
            client.enqueueAll(batch);
        }
    }

    /** Jobs of the function queued or running in gearmand. */
    static long remaining(AdminClient admin) {
        try {
            for (FunctionStatus f : admin.status()) {
                if (f.function().equals(GearmanEcho.FUNCTION)) {
                    return f.total();
                }
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read gearmand's status: " + e.getMessage(), e);
        }
    }
}
