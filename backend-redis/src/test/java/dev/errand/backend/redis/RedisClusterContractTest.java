package dev.errand.backend.redis;

import java.util.Map;
import org.junit.jupiter.api.Tag;

/** The same contract on a real three-master Redis Cluster on 127.0.0.1: every script stays in one slot. */
@Tag("slow")
class RedisClusterContractTest extends RedisContract {
    @Override
    Map<String, String> newStore(Map<String, String> config) {
        config.putAll(TestRedis.clusterConfig(TestRedis.newPrefix("c")));
        return config;
    }
}
