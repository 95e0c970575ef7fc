package dev.errand.testkit;

import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.Backend;
import dev.errand.spi.Outcome;
import dev.errand.spi.QueueStats;
import dev.errand.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The network between the application and the store breaks while two producers enqueue and a
 * worker runs, then heals. Producers and worker are separate backend instances (as separate
 * processes would be), and both reach the store only through a {@link FaultProxy}; an observer
 * backend reaches it directly and does the checking. Nothing is restarted on the client side.
 *
 * <p>The faults ({@link Fault}): a silent partition longer than the lease (nothing arrives, nothing
 * fails, as when a link or a firewall drops packets), after which the connections either carry on
 * or turn out to have been lost (half-open: the client side never hears of it); and a reset of
 * every connection. A partition longer than the lease means the jobs the worker held expire: they
 * run again after the heal (at-least-once), each with a {@code LeaseExpired} error in its history.
 *
 * <p>Producers do not retry: an enqueue either returned an id (then it is <em>acknowledged</em>)
 * or threw. At the end every acknowledged job must have run and be SUCCEEDED, and nothing of the
 * queue may be left running or waiting. The scenario measures and reports ({@link Report}); its
 * assertions are methods of the report.
 */
public final class NetworkPartitionScenario {
    /** The lease the worker runs with; partitions last longer. */
    public static final Duration LEASE = Duration.ofSeconds(2);
    /** How long a partition lasts at least (and until an enqueue has failed in it). */
    public static final Duration PARTITION = Duration.ofSeconds(5);
    /** How long a job takes: long enough that jobs are running when the network breaks. */
    private static final long WORK_MILLIS = 20;
    /** Each producer enqueues one job per this pause: about 80 jobs/s in all, below what the worker does. */
    private static final long PACE_MILLIS = 25;
    /** Every this many acknowledged jobs, the producers' backend is asked for the job's outcome too. */
    private static final int OUTCOME_SAMPLE = 10;

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    private static final String QUEUE = "tck";

    private NetworkPartitionScenario() {}

    public enum Fault {
        /** {@link FaultProxy#blackhole()} for {@link #PARTITION}, then {@link FaultProxy#heal()}: connections carry on. */
        PARTITION,
        /**
         * {@link FaultProxy#blackhole()} for {@link #PARTITION}, then {@link FaultProxy#healLosingConnections()}:
         * every connection open during the partition is dead, and its client side is not told.
         */
        PARTITION_LOSING_CONNECTIONS,
        /** {@link FaultProxy#cutAll()}: every connection is reset at once. */
        RESET
    }

    /** A check the test runs once the clients have recovered from a fault, e.g. that a listener reconnected. */
    @FunctionalInterface
    public interface AfterRecovery {
        void check(Fault fault, long healedAtNanos) throws Exception;
    }

    /** How the clients came back after one fault. */
    public record Recovery(
            Fault fault, int connectionsAtFault, int enqueuesFailedDuring, long producerMillis, long workerMillis) {
        @Override
        public String toString() {
            return fault + " (" + connectionsAtFault + " connections, " + enqueuesFailedDuring
                    + " enqueues failed): first " + "enqueue " + producerMillis + " ms and first new job done "
                    + workerMillis + " ms after the heal";
        }
    }

    /** What happened, measured. */
    public record Report(
            String name,
            List<Recovery> recoveries,
            int acknowledged,
            int failedEnqueues,
            /** Distinct "exception class: message" of failed enqueues. */
            List<String> failureMessages,
            long longestEnqueueMillis,
            /** Acknowledged jobs that did not run or are not SUCCEEDED: "key=state". */
            List<String> notSucceeded,
            /** Jobs run more than once, and the runs beyond the first. */
            int ranTwice,
            int extraRuns,
            /** Acknowledged jobs with a LeaseExpired error in their history. */
            int leaseExpired,
            /** Jobs that ran more than once without a LeaseExpired error: "key runs=n errors=[...]". */
            List<String> repeatedWithoutLeaseExpired,
            /** Jobs that ran though their enqueue threw (it had committed before the answer was lost). */
            int ranUnacknowledged,
            /** The queue's jobs still waiting or running at the end: "available=a running=r". */
            String leftInQueue,
            /** Outcome futures of the producers' backend that never completed, or not with SUCCEEDED. */
            List<String> outcomesNotDelivered,
            int outcomesAsked,
            long totalMillis) {

        public String summary() {
            return String.format(
                    "%s: %d acknowledged, %d enqueues failed %s (longest enqueue call %d ms); %s; "
                            + "%d not SUCCEEDED, %d ran twice (%d extra runs), %d with LeaseExpired, %d repeated without it, "
                            + "%d ran though their enqueue threw; left in queue: %s; %d of %d outcomes not delivered; %d ms in all",
                    name,
                    acknowledged,
                    failedEnqueues,
                    head(failureMessages, 2),
                    longestEnqueueMillis,
                    recoveries,
                    notSucceeded.size(),
                    ranTwice,
                    extraRuns,
                    leaseExpired,
                    repeatedWithoutLeaseExpired.size(),
                    ranUnacknowledged,
                    leftInQueue,
                    outcomesNotDelivered.size(),
                    outcomesAsked,
                    totalMillis);
        }

        /**
         * Every acknowledged job ran and is SUCCEEDED; nothing is left waiting or running; a job that
         * ran twice has a LeaseExpired error in its history; every outcome asked for was delivered.
         */
        public Report assertAtLeastOnce() {
            List<String> problems = new ArrayList<>();
            if (!notSucceeded.isEmpty()) {
                problems.add("acknowledged jobs not SUCCEEDED: " + head(notSucceeded, 20));
            }
            if (!leftInQueue.equals("available=0 running=0")) {
                problems.add("jobs left in the queue: " + leftInQueue);
            }
            if (!repeatedWithoutLeaseExpired.isEmpty()) {
                problems.add("jobs that ran more than once without a LeaseExpired error: "
                        + head(repeatedWithoutLeaseExpired, 10));
            }
            if (!outcomesNotDelivered.isEmpty()) {
                problems.add("outcome futures of the producers' backend not completed with SUCCEEDED: "
                        + head(outcomesNotDelivered, 10));
            }
            if (!problems.isEmpty()) {
                throw new AssertionError(summary() + "\n" + String.join("\n", problems));
            }
            return this;
        }

        /** Enqueues failed during the partitions, and every failure names the backend ({@code mustName}). */
        public Report assertFailuresName(String mustName) {
            if (failedEnqueues == 0) {
                throw new AssertionError("no enqueue failed during the faults: " + summary());
            }
            for (String m : failureMessages) {
                if (!m.contains(mustName)) {
                    throw new AssertionError(
                            "an enqueue failed with a message that does not name the backend (" + mustName + "): " + m);
                }
            }
            return this;
        }

        private static List<String> head(List<String> l, int n) {
            return l.size() <= n ? l : l.subList(0, n);
        }
    }

    private record Ack(JobId id, String key, long startedNanos, long doneNanos) {}

    private record Asked(JobId id, CompletableFuture<Outcome> future) {}

    /**
     * The worker's jobs: {@link TckService#record}, taking {@value #WORK_MILLIS} ms; while the
     * scenario holds {@link #gate} closed, a job waits there until it opens.
     */
    public static class SlowService extends TckService {
        volatile CountDownLatch gate = new CountDownLatch(0);
        final AtomicInteger atGate = new AtomicInteger();

        @Override
        public void record(String key) {
            super.record(key);
            LockSupport.parkNanos(
                    TimeUnit.MILLISECONDS.toNanos(WORK_MILLIS)); // the job's work, not a wait for anything
            CountDownLatch g = gate;
            if (g.getCount() > 0) {
                atGate.incrementAndGet();
                try {
                    g.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    atGate.decrementAndGet();
                }
            }
        }
    }

    /**
     * Runs the faults in order on backends made by {@code throughProxy} (one for the producers, one
     * for the worker; both closed at the end), all of whose connections pass {@code proxy};
     * {@code direct} reaches the same store without the proxy and is the caller's to close.
     */
    public static Report run(
            String name,
            Function<String, Backend> throughProxy,
            Backend direct,
            FaultProxy proxy,
            List<Fault> faults,
            AfterRecovery afterRecovery)
            throws Exception {
        long begin = System.nanoTime();
        SlowService service = new SlowService();
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        Set<String> failureMessages = Collections.synchronizedSet(new LinkedHashSet<>());
        ConcurrentLinkedQueue<Long> failedAt = new ConcurrentLinkedQueue<>();
        AtomicLong longestEnqueue = new AtomicLong();
        ConcurrentLinkedQueue<Asked> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> producers = new ArrayList<>();
        List<Recovery> recoveries = new ArrayList<>();
        Backend producerBackend = throughProxy.apply("producers");
        Backend workerBackend;
        try {
            workerBackend = throughProxy.apply("worker");
        } catch (RuntimeException e) {
            producerBackend.close();
            throw e;
        }
        try (Errand producerErrand = Errand.builder().backend(producerBackend).build();
                Errand workerErrand = Errand.builder().backend(workerBackend).build();
                Worker worker = workerErrand
                        .worker()
                        .register(service)
                        .threads(2)
                        .lease(LEASE)
                        .name("partition-worker")
                        .start()) {
            TckServiceJobs jobs = new TckServiceJobs(producerErrand);
            for (int p = 0; p < 2; p++) {
                String prefix = "p" + p + "-";
                Thread t = new Thread(
                        () -> {
                            for (int i = 0; !stop.get(); i++) {
                                String key = prefix + i;
                                long started = System.nanoTime();
                                try {
                                    JobId id = jobs.record(key).enqueue();
                                    long done = System.nanoTime();
                                    longestEnqueue.accumulateAndGet(millis(done - started), Math::max);
                                    acks.add(new Ack(id, key, started, done));
                                    if (i % OUTCOME_SAMPLE == 0) {
                                        try {
                                            outcomes.add(new Asked(id, producerBackend.outcome(id)));
                                        } catch (RuntimeException e) {
                                            // the network broke between the enqueue and this call: nothing to wait for
                                        }
                                    }
                                } catch (RuntimeException e) {
                                    longestEnqueue.accumulateAndGet(millis(System.nanoTime() - started), Math::max);
                                    failures.incrementAndGet();
                                    failureMessages.add(e.getClass().getName() + ": " + e.getMessage());
                                    failedAt.add(System.nanoTime());
                                }
                                LockSupport.parkNanos(
                                        TimeUnit.MILLISECONDS.toNanos(PACE_MILLIS)); // pacing, not synchronisation
                            }
                        },
                        "partition-producer-" + p);
                producers.add(t);
                t.start();
            }
            poll(
                    name + ": 100 acknowledged enqueues and 50 jobs run before the first fault",
                    () -> acks.size() >= 100 && worker.stats().succeeded() >= 50);

            for (Fault fault : faults) {
                if (fault != Fault.RESET) {
                    // Break the network while jobs run, so that they finish in the partition and their leases run out.
                    service.gate = new CountDownLatch(1);
                    poll(name + ": a job is running before " + fault, () -> service.atGate.get() > 0);
                }
                long faultAt = System.nanoTime();
                int failuresBefore = failures.get();
                int connections = proxy.openConnections();
                long healedAt;
                if (fault == Fault.RESET) {
                    proxy.cutAll();
                    healedAt = System.nanoTime();
                } else {
                    proxy.blackhole();
                    service.gate.countDown();
                    poll(
                            name + ": " + fault + " has lasted " + PARTITION.toMillis()
                                    + " ms and an enqueue failed in it",
                            () -> System.nanoTime() - faultAt >= PARTITION.toNanos()
                                    && failedAt.stream().anyMatch(at -> at > faultAt));
                    if (fault == Fault.PARTITION) {
                        proxy.heal();
                    } else {
                        proxy.healLosingConnections();
                    }
                    healedAt = System.nanoTime();
                }
                poll(
                        name + ": a producer's enqueue started after the heal is acknowledged (" + fault + ")",
                        () -> acks.stream().anyMatch(a -> a.startedNanos() > healedAt));
                Ack firstAfter = acks.stream()
                        .filter(a -> a.startedNanos() > healedAt)
                        .findFirst()
                        .orElseThrow();
                long producerMillis = millis(firstAfter.doneNanos() - healedAt);
                poll(
                        name + ": the worker ran and recorded a job enqueued after the heal (" + fault + ")",
                        () -> direct.find(firstAfter.id()).map(JobInfo::state).orElse(null) == JobState.SUCCEEDED);
                long workerMillis = millis(System.nanoTime() - healedAt);
                recoveries.add(new Recovery(
                        fault, connections, failures.get() - failuresBefore, producerMillis, workerMillis));
                if (afterRecovery != null) {
                    afterRecovery.check(fault, healedAt);
                }
                int seen = acks.size();
                poll(name + ": 50 more acknowledged enqueues after " + fault, () -> acks.size() >= seen + 50);
            }

            stop.set(true);
            Threads.joinOrFail(producers, STEP_TIMEOUT, name + ": ");
            List<Ack> all = new ArrayList<>(acks);
            drain(direct, all);
            poll(
                    name + ": nothing of the queue is left waiting or running (enqueues that threw may have committed)",
                    () -> left(direct).equals("available=0 running=0"));

            Set<String> acknowledgedKeys = new HashSet<>();
            List<String> notSucceeded = new ArrayList<>();
            List<String> repeatedWithout = new ArrayList<>();
            int leaseExpired = 0;
            for (Ack a : all) {
                acknowledgedKeys.add(a.key());
                Optional<JobInfo> info = direct.find(a.id());
                JobState state = info.map(JobInfo::state).orElse(null);
                int runs = service.runs(a.key());
                if (state != JobState.SUCCEEDED || runs == 0) {
                    notSucceeded.add(a.key() + "=" + state + " runs=" + runs);
                }
                List<JobError> errors = info.map(JobInfo::errors).orElse(List.of());
                boolean expired = errors.stream().anyMatch(e -> e.type().equals("LeaseExpired"));
                if (expired) {
                    leaseExpired++;
                }
                if (runs > 1 && !expired) {
                    repeatedWithout.add(a.key() + " runs=" + runs + " errors=" + errors);
                }
            }
            int twice = 0;
            int extra = 0;
            int unacknowledged = 0;
            for (Map.Entry<String, AtomicInteger> e : service.runs.entrySet()) {
                if (e.getValue().get() > 1) {
                    twice++;
                    extra += e.getValue().get() - 1;
                }
                if (!acknowledgedKeys.contains(e.getKey())) {
                    unacknowledged++;
                }
            }
            List<String> notDelivered = new ArrayList<>();
            List<Asked> asked = new ArrayList<>(outcomes);
            try {
                CompletableFuture.allOf(asked.stream()
                                .map(a -> a.future().handle((o, e) -> null))
                                .toArray(CompletableFuture[]::new))
                        .get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // listed below
            }
            for (Asked a : asked) {
                CompletableFuture<Outcome> f = a.future();
                String what = a.id().toString();
                if (!f.isDone()) {
                    notDelivered.add(what + " (never completed)");
                } else if (f.isCompletedExceptionally()) {
                    notDelivered.add(
                            what + " (" + f.handle((o, e) -> String.valueOf(e)).join() + ")");
                } else if (f.join().state() != JobState.SUCCEEDED) {
                    notDelivered.add(what + " (" + f.join().state() + ")");
                }
            }
            if (worker.isStopped()) {
                throw new AssertionError(name + ": the worker stopped by itself");
            }
            Report report = new Report(
                    name,
                    List.copyOf(recoveries),
                    all.size(),
                    failures.get(),
                    List.copyOf(failureMessages),
                    longestEnqueue.get(),
                    notSucceeded,
                    twice,
                    extra,
                    leaseExpired,
                    repeatedWithout,
                    unacknowledged,
                    left(direct),
                    notDelivered,
                    asked.size(),
                    millis(System.nanoTime() - begin));
            System.out.println("network partition: " + report.summary());
            return report;
        } finally {
            stop.set(true);
            for (Thread t : producers) {
                t.join(STEP_TIMEOUT.toMillis());
            }
        }
    }

    /** Waits (bounded) until every acknowledged job has an outcome in the store. */
    private static void drain(Backend direct, List<Ack> all) throws Exception {
        CompletableFuture<?>[] futures = all.stream()
                .map(a -> direct.outcome(a.id()).handle((o, e) -> null))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(futures).get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // the report names the jobs that did not finish
        }
    }

    private static String left(Backend direct) {
        long available = 0;
        long running = 0;
        for (QueueStats s : direct.queueStats()) {
            if (s.queue().equals(QUEUE)) {
                available += s.available() + s.scheduled() + s.retryable();
                running += s.running();
            }
        }
        return "available=" + available + " running=" + running;
    }

    /** Polls every 20 ms until the condition holds; fails after {@link #STEP_TIMEOUT} with the clients' threads' stacks. */
    private static void poll(String what, BooleanSupplier condition) {
        try {
            await(what).atMost(STEP_TIMEOUT).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nthreads of the clients:" + clientStacks(), e);
        }
    }

    private static String clientStacks() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> e :
                Thread.getAllStackTraces().entrySet()) {
            String n = e.getKey().getName();
            if (n.startsWith("errand-") || n.startsWith("partition-")) {
                b.append("\n")
                        .append(n)
                        .append(" (")
                        .append(e.getKey().getState())
                        .append(")");
                for (StackTraceElement s : e.getValue()) {
                    b.append("\n\tat ").append(s);
                }
            }
        }
        return b.toString();
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
