package dev.errand.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Untimed calls before a timed run until the JIT has stopped compiling: a row timed while C2 compiles a path as long
 * as {@code enqueue()}'s (pgjdbc, HikariCP, Errand) measures the compiler as much as the call (perf-round17 §5: on two
 * cores, C2 took as much CPU per call as the callers for the first 40,000 calls).
 */
final class JitWarmUp {
    /** Calls between two looks at the JIT's compilation time. */
    private static final int STEP = 2_000;
    /** Looks in a row that must see no compilation before the warm-up ends. */
    private static final int QUIET_LOOKS = 3;

    private JitWarmUp() {}

    /**
     * Runs {@code call} at least {@code atLeast} times, then until {@value #QUIET_LOOKS} looks {@value #STEP} calls
     * apart saw the JIT compile nothing, at most {@code atMost} times or {@code maxSeconds}; returns how many times it
     * ran. Where the JVM does not report compilation time, {@code atLeast} times.
     */
    static int untilCompiled(Runnable call, int atLeast, int atMost, int maxSeconds) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean measurable = jit != null && jit.isCompilationTimeMonitoringSupported();
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        long compiledMillis = measurable ? jit.getTotalCompilationTime() : 0;
        int quietLooks = 0;
        int calls = 0;
        while (calls < atMost) {
            call.run();
            calls++;
            if (calls < atLeast || calls % STEP != 0) {
                continue;
            }
            if (!measurable || System.nanoTime() > deadline) {
                break;
            }
            long now = jit.getTotalCompilationTime();
            quietLooks = now == compiledMillis ? quietLooks + 1 : 0;
            compiledMillis = now;
            if (quietLooks >= QUIET_LOOKS) {
                break;
            }
        }
        return calls;
    }
}
