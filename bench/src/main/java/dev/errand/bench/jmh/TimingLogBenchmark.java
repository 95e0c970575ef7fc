package dev.errand.bench.jmh;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.slf4j.LoggerFactory;

/**
 * One timing-log line: {@code dev.errand.worker.TimingLog#write} as the worker calls it after each
 * attempt. The class is package-private, so it is reached by reflection (once, in setup; the
 * benchmark calls a {@link MethodHandle}); if it is renamed, this benchmark fails in setup and
 * needs the new name, nothing else does.
 * <ul>
 *   <li>{@code sink=listener}: the line is built and handed to a listener; the SLF4J logger is off.
 *       This is the formatting cost alone.</li>
 *   <li>{@code sink=file}: the line goes through Logback to a {@code FileAppender} with {@code %msg%n},
 *       as {@code docs/timing-log.md} configures it (a flush, so a write system call, per line).</li>
 *   <li>{@code sink=bufferedFile}: the same with {@code immediateFlush=false}.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class TimingLogBenchmark {
    @Param({"listener", "file", "bufferedFile"})
    public String sink;

    private MethodHandle write;
    private Object timingLog;
    private Object ok;
    private Path file;
    private FileAppender<ILoggingEvent> appender;
    private long id = 1_000_000;
    private Blackhole blackhole;

    @Setup(org.openjdk.jmh.annotations.Level.Trial)
    public void setUp(Blackhole bh) throws Exception {
        this.blackhole = bh;
        Class<?> type = Class.forName("dev.errand.worker.TimingLog");
        Class<?> status = Class.forName("dev.errand.worker.TimingLog$Status");
        ok = java.util.Arrays.stream(status.getEnumConstants())
                .filter(c -> ((Enum<?>) c).name().equals("ok"))
                .findFirst()
                .orElseThrow();
        Constructor<?> ctor = type.getDeclaredConstructor(boolean.class, String.class, String.class, Consumer.class);
        ctor.setAccessible(true);
        Consumer<String> listener = sink.equals("listener") ? line -> blackhole.consume(line) : null;
        timingLog = ctor.newInstance(true, "memory", "bench-host:4711:w1", listener);
        Method m = type.getDeclaredMethod(
                "write",
                Instant.class,
                String.class,
                String.class,
                String.class,
                int.class,
                status,
                long.class,
                long.class);
        m.setAccessible(true);
        write = MethodHandles.lookup().unreflect(m);
        if (!sink.equals("listener")) {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            file = Files.createTempFile("errand-jmh-timing-", ".log");
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern("%msg%n");
            encoder.start();
            appender = new FileAppender<>();
            appender.setContext(context);
            appender.setFile(file.toString());
            appender.setEncoder(encoder);
            appender.setImmediateFlush(!sink.equals("bufferedFile"));
            appender.start();
            Logger logger = context.getLogger("errand.timing");
            logger.setAdditive(false);
            logger.addAppender(appender);
            logger.setLevel(Level.INFO);
        }
    }

    @TearDown(org.openjdk.jmh.annotations.Level.Trial)
    public void tearDown() throws Exception {
        if (appender != null) {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            Logger logger = context.getLogger("errand.timing");
            logger.detachAppender(appender);
            logger.setLevel(Level.OFF);
            appender.stop();
            Files.deleteIfExists(file);
        }
    }

    @Benchmark
    public void writeLine() throws Throwable {
        long n = ++id;
        write.invoke(
                timingLog, Instant.now(), "BenchService.noop", Long.toString(n), "bench", 1, ok, 1_234_567L, 45_678L);
    }
}
