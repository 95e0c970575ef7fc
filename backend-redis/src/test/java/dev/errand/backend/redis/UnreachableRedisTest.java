package dev.errand.backend.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.Errand;
import dev.errand.config.ErrandConfigException;
import dev.errand.testservers.Ports;
import org.junit.jupiter.api.Test;

/** Redis is not there at start-up: one clear error that names the key to fix, never the password. */
class UnreachableRedisTest {

    @Test
    void singleServer_unreachable_failsOnce_namingErrandRedisUrl() {
        int port = Ports.free(); // nothing listens there
        String url = "redis://app:hunter2@127.0.0.1:" + port + "/0";

        assertThatThrownBy(() -> Errand.builder()
                        .property("errand.backend", "redis")
                        .property("errand.redis.url", url)
                        .property("errand.redis.timeout", "500ms")
                        .build())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("cannot reach Redis at redis://app:****@127.0.0.1:" + port + "/0")
                .hasMessageContaining("(errand.redis.url, from ")
                .hasMessageContaining("point errand.redis.url at a running server")
                .hasMessageNotContaining("hunter2")
                .satisfies(e -> assertThatThrownBy(() -> {
                            throw e.getCause();
                        })
                        .hasMessageNotContaining("hunter2"));
    }

    @Test
    void cluster_unreachable_failsOnce_namingErrandRedisCluster() {
        int a = Ports.free();
        int b = Ports.free();

        assertThatThrownBy(() -> Errand.builder()
                        .property("errand.backend", "redis")
                        .property("errand.redis.cluster", "127.0.0.1:" + a + ",127.0.0.1:" + b)
                        .property("errand.redis.password", "hunter2")
                        .property("errand.redis.timeout", "500ms")
                        .build())
                .isInstanceOf(ErrandConfigException.class)
                .hasMessageContaining("cannot reach the Redis Cluster at 127.0.0.1:" + a + ",127.0.0.1:" + b)
                .hasMessageContaining("(errand.redis.cluster, from ")
                .hasMessageNotContaining("hunter2");
    }
}
