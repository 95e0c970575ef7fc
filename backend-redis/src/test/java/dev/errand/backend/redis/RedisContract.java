package dev.errand.backend.redis;

import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.BackendContract;
import java.util.Map;

/** The backend contract on Redis: each test gets a store of its own, a fresh key prefix. */
abstract class RedisContract extends BackendContract {
    /** The settings of the last store made, for a second backend on it. */
    private Map<String, String> store;

    /** {@code config} (the context's settings) with those of a new, empty store added: server, prefix, user. */
    abstract Map<String, String> newStore(Map<String, String> config);

    @Override
    protected Backend newBackend(BackendContext context) {
        store = newStore(context.config().asMap());
        return TestRedis.backend(store, context.clock());
    }

    /** A backend on the same server and prefix, as another process would open it. */
    @Override
    protected Backend sameStoreBackend(BackendContext context) {
        return TestRedis.backend(store, context.clock());
    }
}
