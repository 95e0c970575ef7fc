package dev.errand.backend.redis;

import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.BackendContract;

/** The same contract on a real three-master Redis Cluster on 127.0.0.1: every script stays in one slot. */
class RedisClusterContractTest extends BackendContract {
    @Override
    protected Backend newBackend(BackendContext context) {
        return TestRedis.clusterBackend(context);
    }
}
