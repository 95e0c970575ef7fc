package dev.errand.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.job.JobId;
import dev.errand.spi.Backend;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Completion;
import dev.errand.spi.Lease;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The completer records every success handed to it exactly once, whoever flushes it: its own thread after the linger,
 * a job thread with nothing else to run, or the thread that closes it.
 */
class CompleterTest {
    private static final Duration LEASE = Duration.ofSeconds(30);

    /** Job ids as the backend recorded them, in order, each with the thread that recorded it. */
    private final List<String> recordedIds = new CopyOnWriteArrayList<>();

    private final Map<String, String> recordedBy = new ConcurrentHashMap<>();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicBoolean nothingToRun = new AtomicBoolean(false);
    private final AtomicBoolean backlog = new AtomicBoolean(false);
    /** How long the backend takes to record a batch: zero in process, a round trip for a server. */
    private volatile Duration recordTime = Duration.ZERO;

    private final String threadName = "errand-complete-test-" + System.nanoTime();
    private Completer completer;

    @AfterEach
    void close() {
        if (completer != null) {
            completer.close();
        }
    }

    /**
     * A job thread that flushes during the linger took the batch the completer's thread was waiting to record; that
     * thread then ended as if the completer were closed, so a success added later while every job thread was busy
     * was never recorded: the job stayed RUNNING and ran again after its lease.
     */
    @Test
    void aFlushDuringTheLinger_doesNotStopTheCompleter_soALaterSuccessIsRecordedOnClose() throws Exception {
        completer = start(Duration.ofSeconds(2));
        Thread thread = completerThread();

        completer.add(flight("a"), new byte[0]); // every job thread busy: the completer's thread records it
        await("the completer thread lingering for more successes")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(1))
                .until(thread::getState, s -> s == Thread.State.TIMED_WAITING);
        completer.flushNow(); // a job thread found nothing else to run
        assertThat(recordedBy)
                .as("the flush took the lingering batch")
                .containsEntry("a", Thread.currentThread().getName());

        await("the completer thread done with its linger")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(1))
                .until(thread::getState, s -> s == Thread.State.WAITING || s == Thread.State.TERMINATED);
        completer.add(flight("b"), new byte[0]); // while every job thread is busy
        completer.close(); // a graceful Worker.close()

        assertThat(recordedIds).containsExactly("a", "b");
        assertThat(heard).containsExactly("a", "b");
    }

    @Test
    void successesAddedWhileBusy_areRecordedInOneBatchByTheCompletersThread() throws Exception {
        completer = start(Duration.ofMillis(50));
        Thread thread = completerThread();

        for (int i = 0; i < 5; i++) {
            completer.add(flight("j" + i), new byte[0]);
        }
        await("5 successes recorded")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(1))
                .until(heard::size, n -> n >= 5);

        assertThat(recordedIds).containsExactly("j0", "j1", "j2", "j3", "j4");
        assertThat(recordedBy.values()).containsOnly(thread.getName());
        assertThat(batches).as("backend calls").hasValue(1);
    }

    @Test
    void aSuccessAddedWhenIdle_isRecordedAtOnceByItsOwnThread() {
        completer = start(Duration.ofSeconds(10));
        nothingToRun.set(true);

        completer.add(flight("lone"), new byte[0]);

        assertThat(recordedBy).containsEntry("lone", Thread.currentThread().getName());
    }

    @Test
    void duringABacklog_onABackendThatTakesARoundTrip_aSuccessGoesToTheCompletersThread() {
        recordTime = Duration.ofMillis(2);
        completer = start(Duration.ofMillis(1));
        nothingToRun.set(true);
        completer.add(flight("first"), new byte[0]); // no backlog: recorded at once, which times the backend
        assertThat(recordedBy).containsEntry("first", Thread.currentThread().getName());

        backlog.set(true); // the last claim brought all it asked for: the next jobs are on their way
        completer.add(flight("during"), new byte[0]);

        assertThat(recordedBy).as("recorded by the caller").doesNotContainKey("during");
        await("the success recorded by the completer's thread")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(1))
                .until(() -> recordedBy.containsKey("during"));
        assertThat(recordedBy).containsEntry("during", threadName);
    }

    @Test
    void duringABacklog_onAnInProcessBackend_aSuccessIsStillRecordedAtOnceByItsOwnThread() {
        completer = start(Duration.ofSeconds(10));
        nothingToRun.set(true);
        backlog.set(true);

        completer.add(flight("lone"), new byte[0]);

        assertThat(recordedBy).containsEntry("lone", Thread.currentThread().getName());
    }

    @Test
    void afterClose_aLateSuccessIsRecordedByItsCaller() {
        completer = start(Duration.ofMillis(1));
        completer.close();

        completer.add(flight("late"), new byte[0]);

        assertThat(recordedBy).containsEntry("late", Thread.currentThread().getName());
    }

    private Completer start(Duration linger) {
        Completer c = new Completer(
                recordingBackend(),
                threadName,
                LEASE,
                100,
                linger,
                nothingToRun::get,
                backlog::get,
                (flights, held) -> flights.forEach(f -> heard.add(f.job.id().value())));
        c.start();
        return c;
    }

    /** A backend whose only working call is completeAll; the completer needs nothing else. */
    private Backend recordingBackend() {
        return (Backend) Proxy.newProxyInstance(
                Backend.class.getClassLoader(),
                new Class<?>[] {Backend.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> "test";
                    case "completeAll" -> {
                        batches.incrementAndGet();
                        LockSupport.parkNanos(recordTime.toNanos()); // a server's round trip
                        @SuppressWarnings("unchecked")
                        List<Completion> completions = (List<Completion>) args[0];
                        List<Boolean> held = new ArrayList<>();
                        for (Completion c : completions) {
                            String id = c.lease().id().value();
                            recordedIds.add(id);
                            recordedBy.put(id, Thread.currentThread().getName());
                            held.add(true);
                        }
                        yield held;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static InFlight flight(String id) {
        JobId jobId = JobId.of(id);
        Instant now = Instant.now();
        return new InFlight(new ClaimedJob(
                jobId,
                "T.job",
                "default",
                0,
                new byte[0],
                "fp",
                1,
                3,
                Duration.ofMinutes(1),
                now,
                now,
                new Lease(jobId, "owner", 1)));
    }

    private Thread completerThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(threadName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no completer thread named " + threadName));
    }
}
