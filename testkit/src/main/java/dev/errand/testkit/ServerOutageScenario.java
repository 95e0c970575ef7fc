package dev.errand.testkit;

import dev.errand.Errand;
import dev.errand.JobCall;
import dev.errand.JobTimeoutException;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.Backend;
import dev.errand.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;

/**
 * The store's server goes away while three producers enqueue and a worker runs, and comes back on
 * the same data and port. It is either stopped the way an operator stops it ({@link Fault#RESTART})
 * or killed with SIGKILL ({@link Fault#CRASH}: no shutdown at all; the server recovers from its own
 * log at the next start). Nothing restarts on the client side: the same {@link Errand}, backend
 * and worker carry on by themselves.
 *
 * <p>Two producers enqueue one job per call, a third ten per {@code enqueueAll}. None
 * retries: an enqueue either returned ids, which are then <em>acknowledged</em>, or threw. At the
 * end every acknowledged job is checked twice: by what ran ({@link TckService#runs}, keyed by a
 * name unique to each enqueue) and by what the store says about its id. So a job the store lost
 * is found even when the store, having lost its id counter too, gave the same id to a later job.
 *
 * <p>The scenario measures and reports ({@link Report}); the test decides what must hold, e.g.
 * {@link Report#assertEveryAcknowledgedJobSucceeded()} for a store whose settings promise it, or
 * only printing {@link Report#lost()} for one that does not.
 */
public final class ServerOutageScenario {
    /** Jobs acknowledged before the fault, and again after the restart, before the producers stop. */
    private static final int ACKS_PER_PHASE = 300;
    /** The producers and the worker run at least this long before the fault. */
    private static final Duration WARM_UP = Duration.ofSeconds(2);

    private static final int BATCH = 10;
    /** Acknowledged jobs not yet run, above which the producers wait for the worker. */
    private static final int MAX_BACKLOG = 1000;

    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    private ServerOutageScenario() {}

    /** The store's server, as this scenario drives it. Every method returns when it is done, or throws. */
    public interface Server {
        /** Stops it the way an operator does (SIGTERM / shutdown command): it flushes what it must and exits. */
        void stop() throws Exception;

        /**
         * SIGKILL to every process of the server at once: no shutdown, nothing flushed. The
         * operating system's page cache survives (only the process dies), so this measures what
         * the server had written before it acknowledged, not what its disk had made durable.
         */
        void kill() throws Exception;

        /** Starts it again on the same data and port; returns once it accepts connections; fails loudly otherwise. */
        void start() throws Exception;
    }

    public enum Fault {
        /** {@link Server#stop()} then {@link Server#start()}. */
        RESTART,
        /** {@link Server#kill()} then {@link Server#start()}: crash recovery. */
        CRASH
    }

    /** What was acknowledged, lost, repeated, and how long each step took. */
    public record Report(
            String server,
            Fault fault,
            /** Enqueues that returned an id, before the fault, and in all. */
            int acknowledgedBefore,
            int acknowledged,
            /** Enqueue calls (of one or ten jobs) that threw, and what each one said (distinct). */
            int failedEnqueues,
            List<String> failureMessages,
            /** From the stop/kill to the start, and how long the start itself (incl. crash recovery) took. */
            long downMillis,
            long startMillis,
            /**
             * From the server being back until the first acknowledged enqueue, and until that job
             * had run and was recorded (behind the jobs still queued from before); -1 when it had
             * not within a minute: the worker did not recover.
             */
            long firstEnqueueAfterMillis,
            long workerRecoveredMillis,
            /** Acknowledged jobs that never ran: "key=state in the store" (null: no such id). */
            List<String> lost,
            /** Acknowledged jobs that are not SUCCEEDED in the store, whether they ran or not. */
            List<String> notSucceeded,
            /** Of those, the ones acknowledged after the server was back. */
            List<String> notSucceededAfterStart,
            /**
             * Among the lost, how long before the stop or kill began the oldest one was acknowledged
             * (0: in the moment it took; -1: none lost).
             */
            long lostWindowMillis,
            /** Jobs run more than once; jobs that ran though their enqueue threw (it had committed). */
            int ranTwice,
            int ranUnacknowledged,
            long totalMillis) {

        public String summary() {
            return String.format(
                    "%s %s: %d acknowledged (%d before the fault), %d enqueue calls failed %s; down %d ms, "
                            + "start %d ms, first enqueue %d ms and first job done %d ms after the start (-1: never); %d lost%s, %d not "
                            + "SUCCEEDED, %d ran twice, %d ran though their enqueue threw; %d ms in all",
                    server,
                    fault,
                    acknowledged,
                    acknowledgedBefore,
                    failedEnqueues,
                    head(failureMessages, 2).stream().map(Report::shorten).toList(),
                    downMillis,
                    startMillis,
                    firstEnqueueAfterMillis,
                    workerRecoveredMillis,
                    lost.size(),
                    lost.isEmpty()
                            ? ""
                            : " (acknowledged up to " + lostWindowMillis + " ms before the "
                                    + (fault == Fault.CRASH ? "kill" : "stop") + ")",
                    notSucceeded.size(),
                    ranTwice,
                    ranUnacknowledged,
                    totalMillis);
        }

        /** Nothing acknowledged is lost: every acknowledged job ran and is SUCCEEDED. */
        public Report assertEveryAcknowledgedJobSucceeded() {
            if (!lost.isEmpty() || !notSucceeded.isEmpty()) {
                throw new AssertionError(
                        summary() + "\nlost: " + head(lost, 20) + "\nnot SUCCEEDED: " + head(notSucceeded, 20));
            }
            return this;
        }

        /** The backend carries on after the outage: every job acknowledged once the server was back SUCCEEDED. */
        public Report assertEveryJobAcknowledgedAfterTheStartSucceeded() {
            if (!notSucceededAfterStart.isEmpty()) {
                throw new AssertionError(summary() + "\nacknowledged after the start and not SUCCEEDED: "
                        + head(notSucceededAfterStart, 20));
            }
            return this;
        }

        /**
         * The producers met the outage (at least {@code atLeast} failed calls), and every failure
         * says which backend failed ({@code mustName}, e.g. "JDBC backend"), not only a driver's words.
         */
        public Report assertFailuresName(int atLeast, String mustName) {
            if (failedEnqueues < atLeast) {
                throw new AssertionError(
                        "expected at least " + atLeast + " failed enqueues while the server was away: " + summary());
            }
            for (String m : failureMessages) {
                if (!m.contains(mustName)) {
                    throw new AssertionError(
                            "an enqueue failed with a message that does not name the backend (" + mustName + "): " + m);
                }
            }
            return this;
        }

        private static String shorten(String message) {
            String oneLine = message.replaceAll("\\s+", " ");
            return oneLine.length() <= 240 ? oneLine : oneLine.substring(0, 240) + "...";
        }

        private static List<String> head(List<String> l, int n) {
            return l.size() <= n ? l : l.subList(0, n);
        }
    }

    private record Ack(JobId id, String key, long atNanos) {}

    /**
     * Runs the scenario on {@code backend} (closed at the end), whose store {@code server} serves.
     * The server stays away until the producers have failed {@code failuresWhileDown} times and
     * for at least {@code failuresWhileDown} seconds, then starts again (at once for 0).
     */
    public static Report run(String name, Backend backend, Server server, Fault fault, int failuresWhileDown)
            throws Exception {
        long begin = System.nanoTime();
        TckService service = new TckService();
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        AtomicInteger ackCount = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        Set<String> failureMessages = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
        BlockingQueue<Long> failedAt = new LinkedBlockingQueue<>();
        AtomicReference<CountDownLatch> phase = new AtomicReference<>(new CountDownLatch(ACKS_PER_PHASE));
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> producers = new ArrayList<>();
        try (Errand errand = Errand.builder().backend(backend).build();
                Worker worker = errand.worker()
                        .register(service)
                        .threads(2)
                        .lease(LEASE)
                        .name("outage-worker")
                        .start()) {
            TckServiceJobs jobs = new TckServiceJobs(errand);
            Producer onEach = (p, i) -> {
                String key = "p" + p + "-" + i;
                JobId id = jobs.record(key).enqueue();
                return List.of(new Ack(id, key, System.nanoTime()));
            };
            Producer inBatches = (p, i) -> {
                List<JobCall<Void>> calls = new ArrayList<>();
                List<String> keys = new ArrayList<>();
                for (int k = 0; k < BATCH; k++) {
                    keys.add("p" + p + "-" + i + "-" + k);
                    calls.add(jobs.record(keys.get(k)));
                }
                List<JobId> ids = errand.enqueueAll(calls);
                long at = System.nanoTime();
                List<Ack> done = new ArrayList<>();
                for (int k = 0; k < BATCH; k++) {
                    done.add(new Ack(ids.get(k), keys.get(k), at));
                }
                return done;
            };
            for (Producer producer : List.of(onEach, onEach, inBatches)) {
                int p = producers.size();
                Thread t = new Thread(
                        () -> {
                            for (int i = 0; !stop.get(); i++) {
                                // The producers keep pace with the worker, so the queue (and the run) stays bounded;
                                // for at most 200 ms per enqueue, so that they go on meeting an outage that stalls the
                                // worker.
                                long paceUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
                                while (ackCount.get() - service.runs.size() > MAX_BACKLOG
                                        && !stop.get()
                                        && System.nanoTime() < paceUntil) {
                                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                                }
                                try {
                                    for (Ack a : producer.enqueue(p, i)) {
                                        acks.add(a);
                                        ackCount.incrementAndGet();
                                        phase.get().countDown();
                                    }
                                } catch (RuntimeException e) {
                                    failures.incrementAndGet();
                                    failureMessages.add(e.getClass().getName() + ": " + e.getMessage());
                                    failedAt.add(System.nanoTime());
                                    // A producer paces itself after a failure rather than spinning on a refused
                                    // connection.
                                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                                }
                            }
                        },
                        "outage-producer-" + p);
                producers.add(t);
                t.start();
            }
            await("the producers' first " + ACKS_PER_PHASE + " acknowledged jobs on " + name, phase.get());
            Awaitility.await("the worker has run 50 jobs, and the producers have run for " + WARM_UP.toMillis() + " ms")
                    .atMost(PHASE_TIMEOUT)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> service.runs.size() >= 50 && System.nanoTime() - begin > WARM_UP.toNanos());

            failedAt.clear();
            long faultAt = System.nanoTime();
            int acknowledgedBefore = ackCount.get();
            if (fault == Fault.RESTART) {
                server.stop();
            } else {
                server.kill();
            }
            long deadAt = System.nanoTime();
            int seen = 0;
            long last = faultAt;
            while (seen < failuresWhileDown || last - faultAt < TimeUnit.SECONDS.toNanos(failuresWhileDown)) {
                Long at = failedAt.poll(PHASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (at == null) {
                    throw new AssertionError(
                            "no enqueue failed within " + PHASE_TIMEOUT + " while " + name + " was down");
                }
                seen++;
                last = at;
            }
            CountDownLatch after = new CountDownLatch(ACKS_PER_PHASE);
            phase.set(after);
            long startAt = System.nanoTime();
            server.start();
            long startedAt = System.nanoTime();
            await(ACKS_PER_PHASE + " acknowledged jobs after " + name + " started again", after);
            stop.set(true);
            Threads.joinOrFail(producers, Duration.ofSeconds(30), "");
            List<Ack> all = new ArrayList<>(acks);
            Ack firstAfter = all.stream()
                    .filter(a -> a.atNanos() > startedAt)
                    .findFirst()
                    .orElseThrow();
            long workerRecovered;
            Duration drainFor = DRAIN_TIMEOUT;
            try {
                JobInfo first = errand.awaitFinished(firstAfter.id(), DRAIN_TIMEOUT);
                workerRecovered = System.nanoTime() - startedAt;
                if (first.state() != JobState.SUCCEEDED) {
                    throw new AssertionError("the first job enqueued after the restart ended " + first);
                }
            } catch (JobTimeoutException e) {
                // The worker did not recover; the report says so, and which jobs are left.
                System.out.println("server outage: " + e.getMessage());
                workerRecovered = -1;
                drainFor = Duration.ofSeconds(5);
            }

            List<JobState> outcomes = drain(backend, all, drainFor);
            Set<String> acknowledgedKeys = new HashSet<>();
            List<String> lost = new ArrayList<>();
            List<String> notSucceeded = new ArrayList<>();
            List<String> notSucceededAfter = new ArrayList<>();
            long lostWindow = -1;
            for (int i = 0; i < all.size(); i++) {
                Ack a = all.get(i);
                acknowledgedKeys.add(a.key());
                JobState state = outcomes.get(i) != null
                        ? outcomes.get(i)
                        : errand.job(a.id()).map(JobInfo::state).orElse(null);
                if (service.runs(a.key()) == 0) {
                    lost.add(a.key() + "=" + state);
                    if (a.atNanos() < deadAt) {
                        lostWindow = Math.max(lostWindow, Math.max(0, millis(faultAt - a.atNanos())));
                    }
                }
                if (state != JobState.SUCCEEDED || service.runs(a.key()) == 0) {
                    notSucceeded.add(a.key() + "=" + state);
                    if (a.atNanos() > startedAt) {
                        notSucceededAfter.add(a.key() + "=" + state);
                    }
                }
            }
            int twice = 0;
            int unacknowledged = 0;
            for (Map.Entry<String, AtomicInteger> e : service.runs.entrySet()) {
                if (e.getValue().get() > 1) {
                    twice++;
                }
                if (!acknowledgedKeys.contains(e.getKey())) {
                    unacknowledged++;
                }
            }
            Report report = new Report(
                    name,
                    fault,
                    acknowledgedBefore,
                    all.size(),
                    failures.get(),
                    List.copyOf(failureMessages),
                    millis(startAt - faultAt),
                    millis(startedAt - startAt),
                    millis(firstAfter.atNanos() - startedAt),
                    workerRecovered < 0 ? -1 : millis(workerRecovered),
                    lost,
                    notSucceeded,
                    notSucceededAfter,
                    lostWindow,
                    twice,
                    unacknowledged,
                    millis(System.nanoTime() - begin));
            System.out.println("server outage: " + report.summary());
            return report;
        } finally {
            stop.set(true);
            for (Thread t : producers) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
    }

    @FunctionalInterface
    private interface Producer {
        List<Ack> enqueue(int producer, int i);
    }

    /**
     * Waits (bounded) until every acknowledged job has an outcome, or is unknown to the store; the
     * final state of each, in order, null where there is none.
     */
    private static List<JobState> drain(Backend backend, List<Ack> all, Duration timeout) throws Exception {
        List<CompletableFuture<JobState>> outcomes = all.stream()
                .map(a -> backend.outcome(a.id()).handle((o, e) -> o == null ? null : o.state()))
                .toList();
        try {
            CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                    .get(timeout.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // the report then names the jobs that did not finish
        }
        return outcomes.stream().map(f -> f.getNow(null)).toList();
    }

    private static void await(String what, CountDownLatch latch) throws InterruptedException {
        if (!latch.await(PHASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("timed out after " + PHASE_TIMEOUT + " waiting for " + what);
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
