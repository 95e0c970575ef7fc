package dev.errand.backend.redis;

import dev.errand.testkit.ServerOutageScenario;
import dev.errand.testkit.ServerOutageScenario.Fault;
import dev.errand.testservers.RedisServer;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redis ({@code appendonly yes}, {@code appendfsync everysec}) is stopped cleanly (SIGTERM: it
 * fsyncs its AOF) and started again while three producers enqueue and a worker runs
 * ({@link ServerOutageScenario}, {@link Fault#RESTART}). While it is away {@code enqueue()}
 * throws an exception that names the Redis backend; every enqueue that returned an id is
 * acknowledged and SUCCEEDS in the end, and the worker and the client carry on by themselves.
 * One run restarts at once, the other keeps Redis down until the producers have failed at least
 * three times and for at least 3 s.
 */
@Tag("slow")
class RestartUnderLoadTest {
    @ParameterizedTest(name = "down until {0} failed enqueues and {0} s")
    @ValueSource(ints = {0, 3})
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void restartedUnderLoad_workerRecoversByItself_everyAcknowledgedEnqueueSucceeds(int failuresWhileDown)
            throws Exception {
        try (RedisServer redis = RedisServer.launch("--appendonly", "yes", "--appendfsync", "everysec")) {
            RedisBackend backend = TestRedis.backend(
                    Map.of(RedisSettings.URL, redis.url(), RedisSettings.PREFIX, "restart"), Clock.systemUTC());
            ServerOutageScenario.run(
                            "Redis (appendfsync everysec)",
                            backend,
                            TestRedis.outage(redis),
                            Fault.RESTART,
                            failuresWhileDown)
                    .assertEveryAcknowledgedJobSucceeded()
                    .assertFailuresName(failuresWhileDown, "Redis backend could not");
        }
    }
}
