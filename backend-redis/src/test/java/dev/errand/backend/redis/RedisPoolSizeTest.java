package dev.errand.backend.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.Errand;
import dev.errand.config.ErrandConfigException;
import dev.errand.spi.ConnectionPool;
import dev.errand.testkit.TckService;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command pool is sized for errand.worker.threads, and a worker it cannot serve fails at start. */
class RedisPoolSizeTest {

    @Test
    void poolSetTooSmallForTheWorker_failsAtWorkerStart_namingBothKeys() {
        try (Errand errand = errandWith("errand.redis.pool.maxTotal", "4")) {
            assertThat(errand.backend().connectionPool())
                    .hasValue(new ConnectionPool("errand.redis.pool.maxTotal", 4, 1, false));

            assertThatThrownBy(() -> errand.worker()
                            .register(new TckService())
                            .threads(8)
                            .start())
                    .isInstanceOf(ErrandConfigException.class)
                    .hasMessage(
                            "errand.redis.pool.maxTotal=4 is too small for a worker of 8 threads (errand.worker.threads): "
                                    + "it needs at least 12 (8 job threads, 3 for the worker's fetcher, completer and supervisor, "
                                    + "1 for the backend's own threads); raise it or lower the threads");
        }
    }

    @Test
    void defaultPool_isSizedForTheConfiguredThreads() {
        try (Errand errand = errandWith("errand.worker.threads", "20")) {
            assertThat(errand.backend().connectionPool())
                    .hasValue(new ConnectionPool("errand.redis.pool.maxTotal", 24, 1, true));
        }
    }

    private static Errand errandWith(String key, String value) {
        Map<String, String> config = new HashMap<>(TestRedis.singleConfig(TestRedis.newPrefix("pool")));
        config.put(key, value);
        return Errand.builder()
                .backend(TestRedis.backend(config, Clock.systemUTC()))
                .build();
    }
}
