package dev.errand.backend.redis;

import dev.errand.Errand;
import dev.errand.testkit.TckService;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A worker JVM for {@link KilledWorkerTest}: serves the TCK jobs with a 2 s lease through the
 * {@code errand.backend=redis} provider, prints {@code STARTED} once a {@code block} job runs,
 * and then waits to be killed. Args: Redis URL, key prefix.
 */
public final class WorkerProcessMain {
    private WorkerProcessMain() {}

    public static void main(String[] args) throws InterruptedException {
        Errand errand = Errand.builder()
                .property("errand.backend", "redis")
                .property("errand.redis.url", args[0])
                .property("errand.redis.prefix", args[1])
                .build();
        TckService service = new TckService();
        errand.worker()
                .register(service)
                .threads(1)
                .lease(Duration.ofSeconds(2))
                .name("doomed")
                .start();
        service.started.await();
        System.out.println("STARTED");
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGKILL
    }
}
