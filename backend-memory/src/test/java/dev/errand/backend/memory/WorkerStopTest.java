package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.TckService;
import dev.errand.worker.Worker;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@code Worker.close()} returns only after the supervisor's backend call in progress has ended: the caller closes
 * the backend next, and a lease rescue still running on it failed with "HikariDataSource has been closed".
 */
class WorkerStopTest {

    @Test
    void close_waitsForTheSupervisorsBackendCallInProgress() throws Exception {
        MemoryBackend memory = new MemoryBackend(new BackendContext(ErrandConfig.empty(), Clock.systemUTC()));
        CountDownLatch rescueEntered = new CountDownLatch(1);
        CompletableFuture<Void> release = new CompletableFuture<>();
        AtomicBoolean rescueEnded = new AtomicBoolean();
        // Like a JDBC call, the rescue ignores the interrupt that stopping the supervisor sends.
        DelegatingBackend slowRescue = new DelegatingBackend(memory) {
            @Override
            public int recoverExpiredLeases() {
                if (rescueEntered.getCount() > 0) {
                    rescueEntered.countDown();
                    release.join();
                    rescueEnded.set(true);
                }
                return delegate.recoverExpiredLeases();
            }
        };
        try (Errand errand = Errand.builder().backend(slowRescue).build()) {
            Worker worker = errand.worker().register(new TckService()).threads(1).start();
            assertThat(rescueEntered.await(10, TimeUnit.SECONDS)).as("the worker's first lease rescue").isTrue();

            CompletableFuture<Boolean> endedWhenCloseReturned = CompletableFuture.supplyAsync(() -> {
                worker.close();
                return rescueEnded.get();
            });
            CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(() -> release.complete(null));

            assertThat(endedWhenCloseReturned.get(20, TimeUnit.SECONDS)).as("the rescue had ended when close() returned")
                    .isTrue();
        }
    }
}
