package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import dev.errand.spi.BackendContext;
import dev.errand.spi.ConnectionPool;
import dev.errand.testkit.TckService;
import dev.errand.worker.Worker;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A worker that its backend's connection pool cannot serve fails when it starts, naming both keys and the numbers. */
class WorkerConnectionPoolTest {

    @Test
    void poolSetTooSmall_failsAtStart_namingThePoolKeyTheThreadsKeyAndTheNumbers() {
        try (Errand errand = errandWith(new ConnectionPool("errand.test.pool.size", 4, 1, false))) {
            Worker worker =
                    errand.worker().register(new TckService()).threads(8).build();

            assertThatThrownBy(worker::start)
                    .isInstanceOf(ErrandConfigException.class)
                    .hasMessage(
                            "errand.test.pool.size=4 is too small for a worker of 8 threads (errand.worker.threads): "
                                    + "it needs at least 12 (8 job threads, 3 for the worker's fetcher, completer and supervisor, "
                                    + "1 for the backend's own threads); raise it or lower the threads");
            assertThat(worker.isStopped()).as("nothing started").isFalse();
        }
    }

    @Test
    void defaultPool_tooSmallForThreadsSetInCode_saysToSetTheThreadsKey() {
        try (Errand errand = errandWith(new ConnectionPool("errand.test.pool.size", 12, 1, true))) {
            Worker worker =
                    errand.worker().register(new TckService()).threads(16).build();

            assertThatThrownBy(worker::start)
                    .isInstanceOf(ErrandConfigException.class)
                    .hasMessage(
                            "errand.test.pool.size=12 (not set, so sized for errand.worker.threads=8) is too small for "
                                    + "a worker of 16 threads: it needs at least 20 (16 job threads, 3 for the worker's fetcher, "
                                    + "completer and supervisor, 1 for the backend's own threads); set errand.worker.threads=16 in "
                                    + "the configuration so the pool is sized for it, or set errand.test.pool.size to 20 or more");
        }
    }

    @Test
    void poolThatServesEveryThread_starts() {
        try (Errand errand = errandWith(new ConnectionPool("errand.test.pool.size", 12, 1, false));
                Worker worker =
                        errand.worker().register(new TckService()).threads(8).start()) {
            assertThat(worker.threads()).isEqualTo(8);
        }
    }

    /** A client on a memory backend that reports this pool. */
    private static Errand errandWith(ConnectionPool pool) {
        DelegatingBackend backend =
                new DelegatingBackend(new MemoryBackend(new BackendContext(ErrandConfig.empty(), Clock.systemUTC()))) {
                    @Override
                    public Optional<ConnectionPool> connectionPool() {
                        return Optional.of(pool);
                    }
                };
        return Errand.builder().config(ErrandConfig.empty()).backend(backend).build();
    }
}
