package dev.errand.worker;

import dev.errand.config.Durations;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's clock-driven services on one thread: the timeout watchdog every tick (lease/6, 10 ms to 1 s), lease
 * renewal every lease/3, and a round of maintenance at start and every {@code errand.maintenance.interval}.
 */
final class Supervisor {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    /** How long stopping waits for a tick in progress; backend calls are bounded by their own time-outs. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final WorkerSettings settings;
    private final TimeoutWatchdog watchdog;
    private final LeaseKeeper leases;
    private final Maintenance maintenance;
    private ScheduledExecutorService executor;
    private long lastRenewNanos;
    private long lastMaintenanceNanos;

    Supervisor(WorkerSettings settings, TimeoutWatchdog watchdog, LeaseKeeper leases, Maintenance maintenance) {
        this.settings = settings;
        this.watchdog = watchdog;
        this.leases = leases;
        this.maintenance = maintenance;
    }

    void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "errand-supervisor-" + settings.name());
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(10, Math.min(1000, settings.lease().toMillis() / 6));
        lastRenewNanos = lastMaintenanceNanos = System.nanoTime();
        executor.execute(maintenance::run);
        executor.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            watchdog.check(now);
            if (now - lastRenewNanos >= settings.lease().toNanos() / 3) {
                lastRenewNanos = now;
                leases.renew();
            }
            if (now - lastMaintenanceNanos >= settings.maintenanceInterval().toNanos()) {
                lastMaintenanceNanos = now;
                maintenance.run();
            }
        } catch (RuntimeException e) {
            log.error("worker {} supervisor tick failed; will try again", settings.id(), e);
        }
    }

    /**
     * Stops the ticks and waits for one in progress (a lease renewal or rescue in a backend call), so that no tick
     * runs on a backend the caller closes once the worker has stopped; then hands the maintenance lease over.
     */
    void stop() {
        // shutdown, not shutdownNow: an interrupt in the middle of a backend write closes an embedded H2 file.
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn(
                        "worker {}: a supervisor tick still runs {} after the stop (a backend call that does not "
                                + "return); stopping anyway",
                        settings.id(),
                        Durations.format(STOP_WAIT));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        maintenance.stop();
    }
}
