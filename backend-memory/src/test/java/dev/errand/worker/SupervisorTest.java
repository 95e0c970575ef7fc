package dev.errand.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.spi.Backend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Stopping the supervisor waits for a backend call in progress and never interrupts it: an interrupt in the middle
 * of a write closes an embedded H2 database's file for every connection of the process.
 */
class SupervisorTest extends WorkerServicesFixture {

    @Test
    void stop_waitsForTheBackendCallInProgress_withoutInterruptingIt() throws Exception {
        CountDownLatch inCall = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Backend slowMaintenance = withSlowLeadMaintenance(inCall, release, interrupted);
        WorkerSettings settings = settings();
        HeldJobs held = new HeldJobs(
                settings.threads(),
                FixedPrefetch.of(settings.threads(), settings.batchSize()),
                waiting,
                () -> true,
                false);
        Supervisor supervisor = new Supervisor(
                settings,
                new TimeoutWatchdog(
                        runner(settings),
                        held,
                        new HandBack(backend, held, settings.id()),
                        FixedPrefetch.of(1, 1),
                        counters,
                        () -> {},
                        () -> true),
                new LeaseKeeper(backend, settings, held),
                new Maintenance(slowMaintenance, settings.id(), LEASE),
                null);
        supervisor.start();
        assertThat(inCall.await(10, TimeUnit.SECONDS))
                .as("the first maintenance round reached the backend")
                .isTrue();

        Thread stopper = new Thread(supervisor::stop, "stopper");
        stopper.start();
        await("the stop waiting for the call in progress")
                .atMost(Duration.ofSeconds(10))
                .until(() -> stopper.getState() == Thread.State.TIMED_WAITING || interrupted.get());
        release.countDown();
        stopper.join(10_000);

        assertThat(stopper.isAlive())
                .as("stop() returned once the call was done")
                .isFalse();
        assertThat(interrupted).as("the backend call was interrupted by stop()").isFalse();
    }

    /** The memory backend, but its leadMaintenance blocks until released and notes an interrupt. */
    private Backend withSlowLeadMaintenance(CountDownLatch inCall, CountDownLatch release, AtomicBoolean interrupted) {
        return (Backend) Proxy.newProxyInstance(
                Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                    if (method.getName().equals("leadMaintenance")) {
                        inCall.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            interrupted.set(true);
                            Thread.currentThread().interrupt();
                        }
                    }
                    try {
                        return method.invoke(backend, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
