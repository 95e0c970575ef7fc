package dev.errand.bench.jmh;

import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.bench.BenchService;
import dev.errand.bench.BenchServiceJobs;
import dev.errand.worker.DrainResult;
import dev.errand.worker.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The whole job path in one thread on the memory backend: {@code enqueueAll} of 100 no-op jobs
 * (stub, codec, backend), then {@link Worker#drain()} (claim, decode, invoke, complete, timing
 * log). No thread hand-offs: what a job costs before any concurrency, per job. With
 * {@code timing=listener} each line is also built and handed to a listener (the SLF4J logger is
 * off); the difference to {@code off} is the timing log's share.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class WorkerDrainBenchmark {
    @Param({"off", "listener"})
    public String timing;

    private Errand errand;
    private Worker worker;
    private BenchServiceJobs jobs;

    @Setup
    public void setUp(Blackhole bh) {
        errand = Errand.builder()
                .backend("memory")
                .property("errand.memory.capacity", "3000000")
                .property("errand.timing.enabled", Boolean.toString(!timing.equals("off")))
                .build();
        jobs = new BenchServiceJobs(errand);
        var builder = errand.worker().register(new BenchService()).batchSize(100);
        if (timing.equals("listener")) {
            builder.timingListener(bh::consume);
        }
        worker = builder.build();
    }

    @TearDown
    public void tearDown() {
        errand.close();
    }

    @Benchmark
    @OperationsPerInvocation(100)
    public DrainResult enqueueAndDrain100() {
        List<JobCall<Void>> calls = new ArrayList<>(100);
        for (int i = 0; i < 100; i++) {
            calls.add(jobs.noop());
        }
        errand.enqueueAll(calls);
        DrainResult r = worker.drain();
        if (r.succeeded() != 100) {
            throw new IllegalStateException("drained " + r);
        }
        return r;
    }
}
