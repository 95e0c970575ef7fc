package dev.errand.bench.jmh;

import dev.errand.bench.BenchService;
import dev.errand.bench.BenchServiceDispatcher;
import dev.errand.bench.BenchServiceJobs;
import dev.errand.codec.JsonCodec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the client stub and the worker's dispatcher cost per job without any I/O: the JSON codec
 * the stub encodes arguments with ({@code enqueue} path), and decode + invoke + encode result as
 * the worker runs a claimed job ({@code AttemptRunner} path, minus the backend and timing log).
 * Payloads: one {@code int} ({@code echo}) and a URL with three tags ({@code tagged}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CodecBenchmark {
    private final JsonCodec codec = new JsonCodec();
    private final BenchServiceDispatcher dispatcher = new BenchServiceDispatcher();
    private final BenchService target = new BenchService();
    private final Object[] echoArgs = {42};
    private final Object[] taggedArgs = {
        "https://example.org/articles/2026/11/28/job-queues", List.of("java", "queue", "bench")
    };
    private byte[] echoPayload;
    private byte[] taggedPayload;

    @Setup
    public void setUp() {
        echoPayload = codec.encodeArguments(BenchServiceJobs.ECHO, echoArgs);
        taggedPayload = codec.encodeArguments(BenchServiceJobs.TAGGED, taggedArgs);
    }

    /** Stub side: {@code JsonCodec.encodeArguments} for {@code echo(42)}. */
    @Benchmark
    public byte[] encodeEcho() {
        return codec.encodeArguments(BenchServiceJobs.ECHO, echoArgs);
    }

    @Benchmark
    public byte[] encodeTagged() {
        return codec.encodeArguments(BenchServiceJobs.TAGGED, taggedArgs);
    }

    /** Worker side: decode the arguments, invoke through the generated dispatcher, encode the result. */
    @Benchmark
    public byte[] dispatchEcho() throws Throwable {
        Object[] args = codec.decodeArguments(BenchServiceJobs.ECHO, echoPayload);
        Object value = dispatcher.dispatch(target, BenchServiceJobs.ECHO, args);
        return codec.encodeResult(BenchServiceJobs.ECHO, value);
    }

    @Benchmark
    public byte[] dispatchTagged() throws Throwable {
        Object[] args = codec.decodeArguments(BenchServiceJobs.TAGGED, taggedPayload);
        Object value = dispatcher.dispatch(target, BenchServiceJobs.TAGGED, args);
        return codec.encodeResult(BenchServiceJobs.TAGGED, value);
    }

    /** Decode only, the part of dispatch that grows with the payload. */
    @Benchmark
    public Object[] decodeTagged() {
        return codec.decodeArguments(BenchServiceJobs.TAGGED, taggedPayload);
    }

    /** A no-argument job: the fixed cost of the codec's framing ({@code []}). */
    @Benchmark
    public byte[] encodeNoop() {
        return codec.encodeArguments(BenchServiceJobs.NOOP, new Object[0]);
    }
}
