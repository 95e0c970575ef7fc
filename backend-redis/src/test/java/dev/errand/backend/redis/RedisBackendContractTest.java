package dev.errand.backend.redis;

import java.util.Map;

/** The Redis backend passes the shared contract unchanged on a single real redis-server. */
class RedisBackendContractTest extends RedisContract {
    @Override
    Map<String, String> newStore(Map<String, String> config) {
        config.putAll(TestRedis.singleConfig(TestRedis.newPrefix("s")));
        return config;
    }
}
