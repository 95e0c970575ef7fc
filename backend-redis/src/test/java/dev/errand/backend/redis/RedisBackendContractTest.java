package dev.errand.backend.redis;

import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.BackendContract;

/** The Redis backend passes the shared contract unchanged on a single real redis-server. */
class RedisBackendContractTest extends BackendContract {
    @Override
    protected Backend newBackend(BackendContext context) {
        return TestRedis.singleBackend(context);
    }
}
