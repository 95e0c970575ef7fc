package dev.errand.bench;

import java.time.Duration;
import java.util.List;

/**
 * How big each scenario is. Sizes are for the durable backends; the memory backend runs
 * {@link dev.errand.bench.backend.Target#scale()} times as many jobs where it would otherwise be
 * over in milliseconds.
 *
 * @param burst        jobs enqueued in batches, then drained
 * @param single       jobs enqueued one call each
 * @param steady       how long producers and workers run at once
 * @param calls        {@code call()} round trips measured (after {@code calls / 4} to warm up)
 * @param fanOuts      rounds of 100 parallel submits awaited together
 * @param idleSamples  jobs enqueued on an idle worker, one at a time
 * @param starts       worker starts with one job waiting
 * @param shallow      the small queue of the deep-queue comparison
 * @param deep         the big one
 * @param deepMeasured jobs timed in each (after a tenth as many to warm up)
 * @param reportLines  timing-log lines for {@code errand report}
 * @param runs         repetitions of each throughput figure; the median run is reported
 * @param workers      job threads of the worker, one row per value
 */
record Mode(
        String name,
        int burst,
        int single,
        Duration steady,
        int calls,
        int fanOuts,
        int idleSamples,
        int starts,
        int shallow,
        int deep,
        int deepMeasured,
        int reportLines,
        int runs,
        List<Integer> workers) {

    static final Mode SMOKE = new Mode(
            "smoke", 1_000, 300, Duration.ofMillis(500), 40, 3, 5, 2, 1_000, 4_000, 300, 20_000, 1, List.of(4));
    static final Mode SHORT = new Mode(
            "short",
            10_000,
            2_000,
            Duration.ofSeconds(2),
            300,
            10,
            20,
            3,
            10_000,
            100_000,
            5_000,
            200_000,
            1,
            List.of(8));
    static final Mode FULL = new Mode(
            "full",
            100_000,
            20_000,
            Duration.ofSeconds(10),
            2_000,
            50,
            100,
            10,
            10_000,
            1_000_000,
            5_000,
            2_000_000,
            3,
            List.of(8, 32));

    static Mode named(String name) {
        return switch (name) {
            case "smoke" -> SMOKE;
            case "short" -> SHORT;
            case "full" -> FULL;
            default -> throw new IllegalArgumentException("unknown mode '" + name + "'; use smoke, short or full");
        };
    }

    /** How long the retention scenario runs: long enough for several retention periods and prune passes. */
    Duration retentionRun() {
        return switch (name) {
            case "smoke" -> Duration.ofSeconds(5);
            case "short" -> Duration.ofSeconds(60);
            default -> Duration.ofMinutes(3);
        };
    }

    Mode withBurst(int n) {
        return new Mode(
                name,
                n,
                single,
                steady,
                calls,
                fanOuts,
                idleSamples,
                starts,
                shallow,
                deep,
                deepMeasured,
                reportLines,
                runs,
                workers);
    }

    Mode withRuns(int r) {
        return new Mode(
                name,
                burst,
                single,
                steady,
                calls,
                fanOuts,
                idleSamples,
                starts,
                shallow,
                deep,
                deepMeasured,
                reportLines,
                r,
                workers);
    }

    Mode withWorkers(List<Integer> w) {
        return new Mode(
                name,
                burst,
                single,
                steady,
                calls,
                fanOuts,
                idleSamples,
                starts,
                shallow,
                deep,
                deepMeasured,
                reportLines,
                runs,
                List.copyOf(w));
    }

    Mode withDeep(int q) {
        return new Mode(
                name,
                burst,
                single,
                steady,
                calls,
                fanOuts,
                idleSamples,
                starts,
                shallow,
                q,
                deepMeasured,
                reportLines,
                runs,
                workers);
    }
}
