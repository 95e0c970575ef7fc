package dev.errand.opentelemetry;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.testservers.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Two clients, each with its own connections, on one real Redis server. */
class RedisTracePropagationTest extends TracePropagationContract {
    private static RedisServer redis;

    @BeforeAll
    static void start() {
        redis = RedisServer.launch();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @BeforeEach
    void emptyStore() {
        try (var jedis = redis.connect()) {
            jedis.flushAll();
        }
    }

    @Override
    protected Errand.ErrandBuilder client() {
        return Errand.builder().config(ErrandConfig.empty()).backend("redis").property("errand.redis.url", redis.url());
    }
}
