package dev.errand.bench.jmh;

import dev.errand.backend.memory.MemoryBackend;
import dev.errand.config.ErrandConfig;
import dev.errand.spi.BackendContext;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.NewJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The memory backend's enqueue → claim → complete, per job, in one thread: the floor under the
 * memory backend's end-to-end rate (no worker threads, no codec, no timing log). {@code batch100}
 * moves 100 jobs per call as the worker does with {@code batchSize=100}; {@code single} one at a time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class MemoryBackendBenchmark {
    private static final Set<String> QUEUES = Set.of("bench");
    private static final Duration LEASE = Duration.ofSeconds(30);

    private MemoryBackend backend;
    private List<NewJob> hundred;
    private List<NewJob> one;

    @Setup
    public void setUp() {
        backend = new MemoryBackend(new BackendContext(
                ErrandConfig.of(Map.of("errand.memory.capacity", "3000000"), "jmh"), Clock.systemUTC()));
        Instant now = Instant.now();
        byte[] payload = "[]".getBytes();
        NewJob job =
                new NewJob("BenchService.noop", "bench", 0, payload, "fp", 3, Duration.ofMinutes(1), now, now, null);
        hundred = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hundred.add(job);
        }
        one = List.of(job);
    }

    @TearDown
    public void tearDown() {
        backend.close();
    }

    @Benchmark
    @OperationsPerInvocation(100)
    public int batch100() {
        backend.enqueue(hundred);
        List<ClaimedJob> claimed = backend.claim(QUEUES, 100, "bench-owner", LEASE);
        for (ClaimedJob c : claimed) {
            backend.complete(c.lease(), null);
        }
        return claimed.size();
    }

    @Benchmark
    public int single() {
        backend.enqueue(one);
        List<ClaimedJob> claimed = backend.claim(QUEUES, 1, "bench-owner", LEASE);
        for (ClaimedJob c : claimed) {
            backend.complete(c.lease(), null);
        }
        return claimed.size();
    }
}
