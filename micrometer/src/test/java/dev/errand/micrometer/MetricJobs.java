package dev.errand.micrometer;

import dev.errand.Job;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The jobs the metrics tests run. */
public class MetricJobs {
    volatile CountDownLatch release = new CountDownLatch(0);

    @Job(queue = "mail")
    public void send(String to) {}

    @Job(queue = "reports", maxAttempts = 2)
    public void fail(String why) {
        throw new IllegalStateException(why);
    }

    @Job(queue = "slow")
    public void hold() throws InterruptedException {
        release.await(30, TimeUnit.SECONDS);
    }
}
