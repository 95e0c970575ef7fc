package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.job.JobState;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.NewJob;
import dev.errand.testkit.NewJobs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On an embedded H2 file, a thread with an interrupt pending used to close the database for the whole process: H2's
 * file channel closes when an interrupted thread writes to it ({@code ClosedByInterruptException}), the call failed
 * with "The database has been closed", and so did the calls of every other thread at that moment. A cancelled task
 * that enqueues, or a job past its timeout that enqueues a follow-up, does exactly that. The backend now sets such an
 * interrupt aside for the call and gives it back.
 */
class EmbeddedH2InterruptTest {
    private static final Duration LEASE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private HikariDataSource pool;
    private JdbcBackend backend;

    @BeforeEach
    void open() {
        JdbcSettings settings = TestDatabases.settings(
                "jdbc:h2:file:" + dir.resolve("errand") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", null, null);
        pool = TestDatabases.poolWithSchema(settings);
        backend = new JdbcBackend(settings, pool, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        backend.close();
        pool.close();
    }

    @Test
    void aProducerWithAnInterruptPending_enqueues_andKeepsItsInterrupt() throws Exception {
        AtomicBoolean stillInterrupted = new AtomicBoolean();

        EnqueueResult stored = onAnInterruptedThread(
                () -> backend.enqueue(List.of(job("interrupted"))).get(0), stillInterrupted);
        EnqueueResult after = backend.enqueue(List.of(job("after"))).get(0);

        assertThat(stillInterrupted)
                .as("the producer's interrupt, after the call")
                .isTrue();
        List<ClaimedJob> claimed = backend.claim(Set.of("q"), 10, "w", LEASE);
        assertThat(claimed).extracting(ClaimedJob::id).containsExactly(stored.id(), after.id());
    }

    @Test
    void aJobThreadWithAnInterruptPending_recordsItsSuccess_andKeepsItsInterrupt() throws Exception {
        backend.enqueue(List.of(job("timed out")));
        ClaimedJob claimed = backend.claim(Set.of("q"), 1, "w", LEASE).get(0);
        AtomicBoolean stillInterrupted = new AtomicBoolean();

        boolean held = onAnInterruptedThread(() -> backend.complete(claimed.lease(), null), stillInterrupted);

        assertThat(held).isTrue();
        assertThat(stillInterrupted).isTrue();
        assertThat(backend.find(claimed.id()).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
    }

    /** Runs {@code call} on a new thread whose interrupt is set first; notes whether it is still set afterwards. */
    private static <T> T onAnInterruptedThread(Callable<T> call, AtomicBoolean stillInterrupted) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                result.set(call.call());
            } catch (Exception e) {
                failure.set(e);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        t.start();
        t.join(30_000);
        assertThat(t.isAlive())
                .as("the call on the interrupted thread still runs after 30 s")
                .isFalse();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    private static NewJob job(String text) {
        return NewJobs.at(Instant.now()).payload("[\"" + text + "\"]").build();
    }
}
