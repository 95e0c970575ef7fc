package dev.errand.bench;

import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.JobFuture;
import dev.errand.bench.backend.Session;
import dev.errand.bench.backend.Target;
import dev.errand.bench.raw.RawQueue;
import dev.errand.bench.raw.RawQueues;
import dev.errand.bench.raw.RawRun;
import dev.errand.config.Durations;
import dev.errand.worker.Worker;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.HdrHistogram.Histogram;

/**
 * The benchmark scenarios on one backend. Every wait has a deadline and every loop a count;
 * a scenario that runs out of time reports what it got and says so in its note.
 */
final class Scenarios {
    static final int BATCH = 1_000;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Target target;
    private final Mode mode;
    private final Map<String, String> properties;
    private final PrintStream progress;
    /** Drain rates measured in this run by worker threads (timing off), for the steady-state pace. */
    private final Map<Integer, Double> drainRates = new HashMap<>();
    /** The rate of two producers calling {@code enqueue()} measured in this run (NaN until then), for the same. */
    private double singleEnqueueRate = Double.NaN;

    Scenarios(Target target, Mode mode, Map<String, String> properties, PrintStream progress) {
        this.target = target;
        this.mode = mode;
        this.properties = properties;
        this.progress = progress;
    }

    // ---------------------------------------------------------------- enqueue and drain bursts

    /**
     * Enqueue burst and drain burst, {@code runs} times per worker count: N jobs enqueued in
     * batches of 1,000 by one thread ({@code enqueueAll}), then a worker started on the full
     * queue until it has run them all. Rows: the enqueue figure over all runs, and one drain row
     * per worker count and timing mode (median run).
     */
    List<Row> bursts(List<String> timings) {
        int n = mode.burst() * target.scale();
        List<Row> enqueues = new ArrayList<>();
        Baselines enqueueBaselines = new Baselines();
        List<Row> rows = new ArrayList<>();
        for (String timing : timings) {
            for (int workers : mode.workers()) {
                List<Row> drains = new ArrayList<>();
                Baselines drainBaselines = new Baselines();
                for (int run = 1; run <= mode.runs(); run++) {
                    try (Session s = open(timing.equals("file"))) {
                        Histogram batchLatency = new Histogram(3);
                        Meter meter = Meter.start(target);
                        fill(s.client(), n, batchLatency);
                        Meter.Reading r = meter.stop(n);
                        enqueues.add(new Row(
                                target.name(),
                                "enqueue burst (batches of " + BATCH + ")",
                                n,
                                0,
                                "-",
                                r.perSecond(n),
                                batchLatency,
                                r.roundTrips(),
                                r.allocBytes(),
                                "latency per enqueueAll of " + BATCH + "; " + r.rtNote()));
                        say("enqueue burst run %d: %,.0f jobs/s", run, r.perSecond(n));
                        Row drain = drain(s, n, workers, timing);
                        drains.add(drain);
                        say(
                                "drain burst %d threads timing %s run %d: %,.0f jobs/s",
                                workers, timing, run, drain.perSecond());
                        for (RawQueue q : RawQueues.beside(target.name(), s.properties())) {
                            try (q) {
                                Meter fillMeter = Meter.start(target);
                                double enqueued = RawRun.burst(q, n, BATCH);
                                enqueueBaselines.add(
                                        q.kind(),
                                        q.describe(),
                                        enqueued,
                                        fillMeter.stop(n).cpu());
                                Meter drainMeter = Meter.start(target);
                                double drained = RawRun.drain(q, n, workers);
                                drainBaselines.add(
                                        q.kind(),
                                        q.describe(),
                                        drained,
                                        drainMeter.stop(n).cpu());
                                say(
                                        "%s run %d: enqueue %,.0f/s, drain %d threads %,.0f/s",
                                        q.kind(), run, enqueued, workers, drained);
                            }
                        }
                    }
                }
                Row median = median(drains);
                if (timing.equals("off")) {
                    drainRates.put(workers, median.perSecond());
                }
                rows.add(drainBaselines.against(median));
                rows.addAll(drainBaselines.rows(target.name(), "drain", n, workers));
            }
        }
        List<Row> enqueueRows = new ArrayList<>();
        enqueueRows.add(enqueueBaselines.against(median(enqueues)));
        enqueueRows.addAll(enqueueBaselines.rows(target.name(), "enqueue burst (batches of " + BATCH + ")", n, 0));
        rows.addAll(0, enqueueRows);
        return rows;
    }

    private Row drain(Session s, int n, int workers, String timing) {
        TimingFile file = timing.equals("file") ? TimingFile.open() : null;
        try {
            Meter meter = Meter.start(target);
            Worker worker = startWorker(s.workers(), workers);
            boolean done;
            Meter.Reading r;
            try {
                done = awaitCount(() -> worker.stats().succeeded(), n, deadline(n));
                r = meter.stop(n);
            } finally {
                worker.close();
            }
            long got = worker.stats().succeeded();
            String note = (done ? "" : "TIMEOUT: " + got + " of " + n + " ran; ") + r.rtNote();
            if (file != null) {
                file.close();
                long lines = file.lines();
                note += String.format(
                        Locale.ROOT,
                        "; timing log: %,d lines of %.0f B",
                        lines,
                        (double) file.bytes() / Math.max(1, lines));
            }
            return new Row(
                    target.name(),
                    "drain burst",
                    n,
                    workers,
                    timing,
                    done ? r.perSecond(n) : got * 1e9 / r.nanos(),
                    null,
                    r.roundTrips(),
                    r.allocBytes(),
                    note);
        } finally {
            if (file != null) {
                file.close();
                file.delete();
            }
        }
    }

    /** Jobs enqueued one {@code enqueue()} call each, from two producer threads. */
    Row enqueueSingle() {
        int n = mode.single() * target.scale();
        int producers = 2;
        try (Session s = open(false)) {
            BenchServiceJobs jobs = new BenchServiceJobs(s.client());
            int warmUp = JitWarmUp.untilCompiled(() -> jobs.noop().enqueue(), RawRun.singleWarmUp(n), 20 * n, 60);
            Histogram latency = new Histogram(3);
            Meter meter = Meter.start(target);
            List<Thread> threads = new ArrayList<>();
            List<Histogram> perThread = new ArrayList<>();
            // Producers stay alive until the meter has read their allocation counters.
            CountDownLatch finished = new CountDownLatch(producers);
            CountDownLatch measured = new CountDownLatch(1);
            for (int p = 0; p < producers; p++) {
                Histogram h = new Histogram(3);
                perThread.add(h);
                int count = n / producers;
                threads.add(new Thread(
                        () -> {
                            try {
                                for (int i = 0; i < count; i++) {
                                    long t0 = System.nanoTime();
                                    jobs.noop().enqueue();
                                    h.recordValue(System.nanoTime() - t0);
                                }
                            } finally {
                                finished.countDown();
                            }
                            try {
                                measured.await(60, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "bench-producer-" + p));
            }
            threads.forEach(Thread::start);
            awaitLatch(finished, deadline(n));
            Meter.Reading r = meter.stop(n);
            measured.countDown();
            joinAll(threads, System.nanoTime() + 10_000_000_000L);
            perThread.forEach(latency::add);
            singleEnqueueRate = r.perSecond(n);
            say("enqueue one per call: %,.0f jobs/s", r.perSecond(n));
            Baselines baselines = new Baselines();
            for (RawQueue q : RawQueues.beside(target.name(), s.properties())) {
                try (q) {
                    baselines.add(q.kind(), q.describe(), RawRun.single(q, n, producers, warmUp), "");
                }
            }
            return baselines.against(new Row(
                    target.name(),
                    "enqueue (one per call)",
                    n,
                    0,
                    "-",
                    r.perSecond(n),
                    latency,
                    r.roundTrips(),
                    r.allocBytes(),
                    producers + " producer threads after " + warmUp + " untimed calls; latency per enqueue(); "
                            + r.rtNote()));
        }
    }

    // ---------------------------------------------------------------- steady state

    /**
     * Half of what the producers and the worker carry together, from the rates measured alone in this run (NaN
     * for one not measured). They share the machine and the store, so a job's enqueue and its run cost about
     * their sum: together they carry {@code 1 / (1 / enqueue + 1 / drain)}. Paced above that, the backlog and
     * the latency grow for as long as the scenario runs, and its p99 says only how long that was.
     */
    static double steadyPace(double drain, double enqueue) {
        boolean hasDrain = drain > 0;
        boolean hasEnqueue = enqueue > 0;
        if (hasDrain && hasEnqueue) {
            return 0.5 / (1 / drain + 1 / enqueue);
        }
        return hasDrain ? drain / 2 : hasEnqueue ? enqueue / 2 : Double.NaN;
    }

    /** How the steady state's pace was chosen, for its note: from which rates measured earlier in the run. */
    static String paceNote(double drain, double enqueue) {
        if (drain > 0 && enqueue > 0) {
            return String.format(
                    Locale.ROOT,
                    ", half of what enqueue() at %,.0f/s and the drain at %,.0f/s carry together",
                    enqueue,
                    drain);
        }
        if (drain > 0 || enqueue > 0) {
            return String.format(
                    Locale.ROOT,
                    ", half of the %s alone at %,.0f/s (%s not run: with both, the pace is half of what they carry"
                            + " together)",
                    drain > 0 ? "drain" : "one-per-call enqueue",
                    drain > 0 ? drain : enqueue,
                    drain > 0 ? "'single'" : "'burst'");
        }
        return ", a fixed pace ('burst' and 'single' not run, whose rates set it)";
    }

    /**
     * Producers and a worker at once: two producer threads enqueue {@code stamp} jobs one call
     * each at a fixed pace (half of what they and the worker carry together, {@link #steadyPace})
     * for the mode's duration; the latency is enqueue → start of each job after the first fifth.
     */
    Row steady(int workers) {
        double drain = drainRates.getOrDefault(workers, Double.NaN);
        double rate = steadyPace(drain, singleEnqueueRate);
        if (Double.isNaN(rate) || rate <= 0) {
            rate = target.scale() > 1 ? 100_000 : 2_000;
        }
        long total = mode.steady().toNanos();
        long warm = total / 5;
        int producers = 2;
        long interval = (long) (producers * 1e9 / rate);
        try (Session s = open(false)) {
            BenchServiceJobs jobs = new BenchServiceJobs(s.client());
            Worker worker = startWorker(s.workers(), workers);
            try {
                AtomicLong behind = new AtomicLong();
                long start = System.nanoTime() + 50_000_000L;
                long end = start + total;
                List<Thread> threads = new ArrayList<>();
                for (int p = 0; p < producers; p++) {
                    long offset = p * interval / producers;
                    threads.add(new Thread(
                            () -> {
                                long next = start + offset;
                                while (true) {
                                    long now = System.nanoTime();
                                    if (now >= end) {
                                        return;
                                    }
                                    if (now < next) {
                                        LockSupport.parkNanos(next - now);
                                        continue;
                                    }
                                    jobs.stamp(System.nanoTime()).enqueue();
                                    next += interval;
                                    if (now - next > 100_000_000L) { // 100 ms behind: producers cannot keep this pace
                                        behind.incrementAndGet();
                                        next = now;
                                    }
                                }
                            },
                            "bench-producer-" + p));
                }
                threads.forEach(Thread::start);
                LockSupport.parkNanos(Math.max(0, start + warm - System.nanoTime()));
                Probe.reset();
                long startedBefore = Probe.started();
                Meter meter = Meter.start(target);
                LockSupport.parkNanos(Math.max(0, end - System.nanoTime()));
                long processed = Probe.started() - startedBefore;
                Meter.Reading r = meter.stop(Math.max(1, processed));
                Histogram latency = Probe.take();
                joinAll(threads, System.nanoTime() + 30_000_000_000L);
                double achieved = processed * 1e9 / r.nanos();
                String note = String.format(
                                Locale.ROOT,
                                "offered %,.0f jobs/s by %d producers (one enqueue() each)%s%s; "
                                        + "latency enqueue → start; ",
                                rate,
                                producers,
                                paceNote(drain, singleEnqueueRate),
                                behind.get() > 0 ? ", producers fell behind " + behind.get() + " times" : "")
                        + r.rtNote();
                say(
                        "steady %d threads: %,.0f jobs/s processed, p99 %s",
                        workers, achieved, Row.duration(latency.getValueAtPercentile(99)));
                return new Row(
                        target.name(),
                        "steady state",
                        processed,
                        workers,
                        "off",
                        achieved,
                        latency,
                        r.roundTrips(),
                        r.allocBytes(),
                        note);
            } finally {
                worker.close();
            }
        }
    }

    // ---------------------------------------------------------------- latency

    /** {@code call()} one after another on an idle worker: enqueue, run, result back to the caller. */
    Row call(int workers) {
        int calls = mode.calls() * target.scale();
        try (Session s = open(false)) {
            BenchServiceJobs jobs = new BenchServiceJobs(s.client());
            Worker worker = startWorker(s.workers(), workers);
            try {
                pause(200);
                long deadline = deadline(calls);
                for (int i = 0; i < calls / 4 && System.nanoTime() < deadline; i++) {
                    check(i, jobs.echo(i).call(CALL_TIMEOUT));
                }
                Histogram latency = new Histogram(3);
                Meter meter = Meter.start(target);
                int done = 0;
                for (; done < calls && System.nanoTime() < deadline; done++) {
                    long t0 = System.nanoTime();
                    check(done, jobs.echo(done).call(CALL_TIMEOUT));
                    latency.recordValue(System.nanoTime() - t0);
                }
                Meter.Reading r = meter.stop(Math.max(1, done));
                say(
                        "call(): p50 %s p99 %s",
                        Row.duration(latency.getValueAtPercentile(50)), Row.duration(latency.getValueAtPercentile(99)));
                return new Row(
                        target.name(),
                        "call() round trip",
                        done,
                        workers,
                        "off",
                        r.perSecond(done),
                        latency,
                        r.roundTrips(),
                        r.allocBytes(),
                        (done < calls ? "TIMEOUT; " : "") + "one caller; latency of each call(); " + r.rtNote());
            } finally {
                worker.close();
            }
        }
    }

    /** 100 jobs submitted at once ({@code submitAll}) and awaited together ({@code JobFuture.awaitAll}). */
    Row fanOut(int workers) {
        int rounds = mode.fanOuts();
        try (Session s = open(false)) {
            BenchServiceJobs jobs = new BenchServiceJobs(s.client());
            Errand client = s.client();
            Worker worker = startWorker(s.workers(), workers);
            try {
                pause(200);
                for (int i = 0; i < 2; i++) {
                    fanOutOnce(client, jobs);
                }
                Histogram latency = new Histogram(3);
                Meter meter = Meter.start(target);
                long deadline = deadline((long) rounds * 100);
                int done = 0;
                for (; done < rounds && System.nanoTime() < deadline; done++) {
                    long t0 = System.nanoTime();
                    fanOutOnce(client, jobs);
                    latency.recordValue(System.nanoTime() - t0);
                }
                Meter.Reading r = meter.stop(Math.max(1, done * 100L));
                say("fan-out of 100: p50 %s", Row.duration(latency.getValueAtPercentile(50)));
                return new Row(
                        target.name(),
                        "fan-out of 100",
                        done * 100L,
                        workers,
                        "off",
                        r.perSecond(done * 100L),
                        latency,
                        r.roundTrips(),
                        r.allocBytes(),
                        (done < rounds ? "TIMEOUT; " : "") + done + " rounds; latency of each submitAll + awaitAll; "
                                + r.rtNote());
            } finally {
                worker.close();
            }
        }
    }

    private static void fanOutOnce(Errand client, BenchServiceJobs jobs) {
        List<JobCall<Integer>> calls = new ArrayList<>(100);
        for (int i = 0; i < 100; i++) {
            calls.add(jobs.echo(i));
        }
        List<JobFuture<Integer>> futures = client.submitAll(calls);
        List<Integer> values = JobFuture.awaitAll(futures, CALL_TIMEOUT);
        for (int i = 0; i < 100; i++) {
            check(i, values.get(i));
        }
    }

    /**
     * One job at a time enqueued on an idle worker (the worker blocks in the backend between
     * jobs, 30-80 ms apart): enqueue → start of the job, i.e. how fast an idle worker wakes.
     */
    Row idleWake(int workers) {
        int samples = mode.idleSamples();
        try (Session s = open(false)) {
            BenchServiceJobs jobs = new BenchServiceJobs(s.client());
            Worker worker = startWorker(s.workers(), workers);
            try {
                pause(500);
                Probe.reset();
                Meter meter = Meter.start(target);
                int done = 0;
                for (; done < samples; done++) {
                    pause(30 + ThreadLocalRandom.current().nextInt(50));
                    long before = Probe.started();
                    jobs.stamp(System.nanoTime()).enqueue();
                    if (!awaitCount(Probe::started, before + 1, System.nanoTime() + 10_000_000_000L)) {
                        break;
                    }
                }
                Meter.Reading r = meter.stop(Math.max(1, done));
                Histogram latency = Probe.take();
                say("idle worker wake-up: p50 %s", Row.duration(latency.getValueAtPercentile(50)));
                return new Row(
                        target.name(),
                        "first job on an idle worker",
                        done,
                        workers,
                        "off",
                        Double.NaN,
                        latency,
                        r.roundTrips(),
                        r.allocBytes(),
                        (done < samples ? "TIMEOUT; " : "")
                                + "latency enqueue → start, worker idle 30-80 ms before each; " + r.rtNote());
            } finally {
                worker.close();
            }
        }
    }

    /** A job waits; the worker starts: {@code start()} → the job starts. */
    Row workerStart(int workers) {
        int samples = mode.starts();
        Histogram latency = new Histogram(3);
        try (Session s = open(false)) {
            BenchServiceJobs jobs = new BenchServiceJobs(s.client());
            for (int i = 0; i < samples; i++) {
                jobs.stamp(System.nanoTime()).enqueue();
                pause(50);
                long before = Probe.started();
                long t0 = System.nanoTime();
                Worker worker = startWorker(s.workers(), workers);
                try {
                    if (!awaitCount(Probe::started, before + 1, t0 + 10_000_000_000L)) {
                        break;
                    }
                    latency.recordValue(Math.max(0, Probe.lastStartNanos() - t0));
                } finally {
                    worker.close();
                }
            }
        }
        say("worker start → first job: p50 %s", Row.duration(latency.getValueAtPercentile(50)));
        return new Row(
                target.name(),
                "worker start → first job",
                latency.getTotalCount(),
                workers,
                "off",
                Double.NaN,
                latency,
                Double.NaN,
                Double.NaN,
                "one job waiting; latency from Worker.start() to the job's start");
    }

    // ---------------------------------------------------------------- deep queue

    /**
     * The processing rate with a small and with a big backlog: the queue is filled, then a worker
     * runs; the rate is timed over the same number of jobs in both, after a tenth as many to warm up.
     * At least three rounds, small and big in turn (so neither gets a warmer JIT), each depth's median
     * reported, and the big one's as a share of the small one's.
     */
    List<Row> deepQueue(int workers) {
        int scale = target.scale();
        int shallow = mode.shallow() * scale;
        int deep = Math.max(mode.deep(), shallow * 10);
        int measured = Math.min(mode.deepMeasured() * scale, shallow / 2);
        return inTurns(
                Math.max(3, mode.runs()),
                () -> drainFrom(shallow, measured, workers),
                () -> drainFrom(deep, measured, workers),
                String.format(Locale.ROOT, "the rate with %,d queued", shallow));
    }

    /**
     * {@code reference} and {@code compared} in turn for {@code rounds} rounds (so neither gets a warmer JIT): each
     * one's median, the second's rate also as a share of the first's, which {@code reference} names.
     */
    private static List<Row> inTurns(int rounds, Supplier<Row> reference, Supplier<Row> compared, String ratioOf) {
        List<Row> references = new ArrayList<>();
        List<Row> compareds = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            references.add(reference.get());
            compareds.add(compared.get());
        }
        Row base = median(references);
        Row other = median(compareds);
        return List.of(
                base,
                other.withNote(String.format(
                        Locale.ROOT, "%.2f× %s (medians)", other.perSecond() / base.perSecond(), ratioOf)));
    }

    /** Fills the queue with {@code queued} jobs, then times a worker over {@code measured} of them. */
    private Row drainFrom(int queued, int measured, int workers) {
        int warm = Math.max(1, measured / 10);
        try (Session s = open(false)) {
            long f0 = System.nanoTime();
            fill(s.client(), queued, null);
            double fillRate = queued * 1e9 / (System.nanoTime() - f0);
            say("deep queue: %,d queued at %,.0f jobs/s", queued, fillRate);
            Meter whole = Meter.start(target);
            Worker worker = startWorker(s.workers(), workers);
            try {
                long deadline = deadline(measured);
                boolean ok = awaitCount(() -> worker.stats().succeeded(), warm, deadline);
                Meter meter = Meter.start(target);
                long before = worker.stats().succeeded();
                String filled = String.format(Locale.ROOT, "filled at %,.0f jobs/s; ", fillRate);
                String scenario = String.format(Locale.ROOT, "deep queue: %,d queued", queued);
                if (before >= queued) {
                    // A worker faster than this thread's look at the count ran every job before the warm-up was
                    // seen to end (a small queue, successes recorded a batch at a time): time the whole drain.
                    return drainRow(
                            scenario,
                            queued,
                            workers,
                            whole.stop(queued),
                            filled + "all ran before the warm-up was seen to end: the whole drain, warm-up included; ");
                }
                long goal = Math.min(before + measured, queued);
                ok = ok && awaitCount(() -> worker.stats().succeeded(), goal, deadline);
                long got = worker.stats().succeeded() - before;
                return drainRow(scenario, got, workers, meter.stop(Math.max(1, got)), (ok ? "" : "TIMEOUT; ") + filled);
            } finally {
                worker.close();
            }
        }
    }

    // ---------------------------------------------------------------- scheduled ahead

    /** How many jobs the scheduled-ahead scenario schedules for tomorrow at a higher priority than the due ones. */
    static final int SCHEDULED_AHEAD = 100_000;

    /**
     * What jobs scheduled for later cost the drain of due ones: {@value #SCHEDULED_AHEAD} jobs due tomorrow at priority
     * 1, then the burst's jobs due now at priority 0, drained by a worker; and the same due jobs alone. A claim that read
     * the scheduled jobs ahead of the due ones on each call fell far behind (docs/jdbc.md, "claim"). At least three
     * rounds, with and without in turn; each one's median, and the first as a share of the second.
     */
    List<Row> scheduledAhead(int workers) {
        int due = mode.burst() * target.scale();
        return inTurns(
                Math.max(3, mode.runs()),
                () -> drainDue(0, due, workers),
                () -> drainDue(SCHEDULED_AHEAD, due, workers),
                "the rate with none scheduled");
    }

    /** Schedules {@code scheduled} jobs for tomorrow at priority 1, enqueues {@code due} now at 0, times their drain. */
    private Row drainDue(int scheduled, int due, int workers) {
        try (Session s = open(false)) {
            Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
            fill(s.client(), scheduled, null, job -> job.runAt(tomorrow).priority(1));
            fill(s.client(), due, null);
            String scenario = scheduled == 0
                    ? "drain, nothing scheduled"
                    : String.format(Locale.ROOT, "drain behind %,d scheduled ahead", scheduled);
            Meter meter = Meter.start(target);
            Worker worker = startWorker(s.workers(), workers);
            try {
                boolean ok = awaitCount(() -> worker.stats().succeeded(), due, deadline(due));
                long got = worker.stats().succeeded();
                return drainRow(scenario, got, workers, meter.stop(Math.max(1, got)), ok ? "" : "TIMEOUT; ");
            } finally {
                worker.close();
            }
        }
    }

    /** The row of a drain of {@code got} jobs by {@code workers} threads, timing log off; {@code note} comes first. */
    private Row drainRow(String scenario, long got, int workers, Meter.Reading r, String note) {
        double rate = got * 1e9 / r.nanos();
        say("%s: %,.0f jobs/s", scenario, rate);
        return new Row(
                target.name(),
                scenario,
                got,
                workers,
                "off",
                rate,
                null,
                r.roundTrips(),
                r.allocBytes(),
                note + r.rtNote());
    }

    // ---------------------------------------------------------------- helpers

    // ---------------------------------------------------------------- retention

    /** How long this scenario keeps finished jobs: short, so a few minutes show whether pruning keeps up. */
    static final String RETENTION = "10s";
    /** How far the producers may run ahead of the worker, so the backlog stays small. */
    private static final long AHEAD = 50_000;

    /**
     * Does retention keep up: two producers enqueue batches of 1,000 as fast as one worker runs them (at
     * most {@link #AHEAD} ahead) for {@link Mode#retentionRun()}, with finished jobs kept {@link #RETENTION}
     * ({@code errand.jdbc.retention}, the shorthand for both kinds, so the scenario also runs on a release before
     * the split). The row's rate is the worker's; the note has the finished jobs still stored at the end against
     * rate × retention, and how many the backend deleted per second. Only on JDBC targets, whose store can be counted.
     */
    Row retention(int workers) {
        long run = mode.retentionRun().toNanos();
        Map<String, String> p = new HashMap<>(properties);
        p.put("errand.jdbc.retention", RETENTION);
        p.putIfAbsent("errand.timing.enabled", "false");
        try (Session s = target.open(p)) {
            Worker worker = startWorker(s.workers(), workers);
            AtomicLong enqueued = new AtomicLong();
            long start = System.nanoTime();
            long end = start + run;
            List<Thread> producers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Thread t = new Thread(
                        () -> {
                            while (System.nanoTime() < end) {
                                if (enqueued.get() - worker.stats().succeeded() > AHEAD) {
                                    LockSupport.parkNanos(1_000_000);
                                    continue;
                                }
                                fill(s.client(), BATCH, null);
                                enqueued.addAndGet(BATCH);
                            }
                        },
                        "bench-producer-" + i);
                producers.add(t);
                t.start();
            }
            long succeeded;
            long kept;
            try {
                for (long next = start + 30_000_000_000L; next < end; next += 30_000_000_000L) {
                    LockSupport.parkNanos(next - System.nanoTime());
                    say(
                            "retention after %ds: %,d jobs run, %,d finished jobs stored",
                            (next - start) / 1_000_000_000L, worker.stats().succeeded(), s.finishedJobs());
                }
                joinAll(producers, end + 60_000_000_000L);
            } finally {
                worker.close();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            succeeded = worker.stats().succeeded();
            kept = s.finishedJobs();
            double rate = succeeded / seconds;
            long expected = (long) (rate * Durations.parse(RETENTION).toSeconds());
            say(
                    "retention: %,.0f jobs/s for %.0f s; %,d finished jobs stored at the end (rate × %s = %,d); %,.0f deleted/s",
                    rate, seconds, kept, RETENTION, expected, (succeeded - kept) / seconds);
            return new Row(
                    target.name(),
                    "retention " + RETENTION + " under load",
                    succeeded,
                    workers,
                    "off",
                    rate,
                    null,
                    Double.NaN,
                    Double.NaN,
                    String.format(
                            Locale.ROOT,
                            "%,d finished jobs stored at the end of %.0f s "
                                    + "(rate × retention = %,d); %,.0f deleted/s",
                            kept,
                            seconds,
                            expected,
                            (succeeded - kept) / seconds));
        }
    }

    private Session open(boolean timing) {
        Map<String, String> p = new HashMap<>(properties);
        p.putIfAbsent("errand.timing.enabled", Boolean.toString(timing));
        if (timing) {
            p.put("errand.timing.enabled", "true");
        }
        return target.open(p);
    }

    private static Worker startWorker(Errand errand, int threads) {
        return errand.worker()
                .register(new BenchService())
                .threads(threads)
                .name("bench")
                .start();
    }

    /** Enqueues {@code n} no-op jobs in batches; records each batch's latency when asked. */
    static void fill(Errand client, int n, Histogram batchLatency) {
        fill(client, n, batchLatency, UnaryOperator.identity());
    }

    /** The same, each job as {@code shape} makes it from a plain no-op job (a run time, a priority). */
    static void fill(Errand client, int n, Histogram batchLatency, UnaryOperator<JobCall<Void>> shape) {
        BenchServiceJobs jobs = new BenchServiceJobs(client);
        List<JobCall<Void>> batch = new ArrayList<>(BATCH);
        for (int sent = 0; sent < n; ) {
            batch.clear();
            int size = Math.min(BATCH, n - sent);
            for (int i = 0; i < size; i++) {
                batch.add(shape.apply(jobs.noop()));
            }
            long t0 = System.nanoTime();
            client.enqueueAll(batch);
            if (batchLatency != null) {
                batchLatency.recordValue(System.nanoTime() - t0);
            }
            sent += size;
        }
    }

    /** Waits until {@code count} reaches {@code target}; false when the deadline passed first. */
    static boolean awaitCount(LongSupplier count, long target, long deadlineNanos) {
        while (count.getAsLong() < target) {
            if (System.nanoTime() > deadlineNanos) {
                return false;
            }
            LockSupport.parkNanos(200_000);
        }
        return true;
    }

    private static void awaitLatch(CountDownLatch latch, long deadlineNanos) {
        try {
            if (!latch.await(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("producers did not finish in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** A generous bound for {@code jobs} jobs: a minute plus 5 ms per job. */
    private static long deadline(long jobs) {
        return System.nanoTime() + 60_000_000_000L + jobs * 5_000_000L;
    }

    static void joinAll(List<Thread> threads, long deadlineNanos) {
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                t.interrupt();
                throw new IllegalStateException(t.getName() + " did not finish in time");
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private static void check(int expected, Integer got) {
        if (got == null || got != expected) {
            throw new IllegalStateException("echo(" + expected + ") returned " + got);
        }
    }

    private static Row median(List<Row> runs) {
        if (runs.size() == 1) {
            return runs.get(0);
        }
        List<Row> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(Row::perSecond));
        Row mid = sorted.get(sorted.size() / 2);
        return mid.withNote(String.format(
                Locale.ROOT,
                "median of %d runs (%,.0f–%,.0f jobs/s)",
                runs.size(),
                sorted.get(0).perSecond(),
                sorted.get(sorted.size() - 1).perSecond()));
    }

    private void say(String format, Object... args) {
        progress.printf(Locale.ROOT, "[%s] " + format + "%n", prepend(target.name(), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
