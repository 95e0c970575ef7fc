package dev.errand.dashboard;

import dev.errand.testservers.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The browser tests on a real Redis server. */
@Tag("slow")
class RedisDashboardBrowserTest extends DashboardBrowserContract {
    private RedisServer redis;

    @BeforeAll
    void startRedis() {
        redis = RedisServer.launch();
    }

    @AfterAll
    void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    Map<String, String> backendConfig() {
        return Map.of("errand.backend", "redis", "errand.redis.url", redis.url());
    }
}
