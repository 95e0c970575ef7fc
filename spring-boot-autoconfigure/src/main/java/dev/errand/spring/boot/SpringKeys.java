package dev.errand.spring.boot;

import dev.errand.config.Setting;
import dev.errand.config.SettingGroup;
import java.time.Duration;
import java.util.List;

/** The keys only the Spring Boot auto-configuration reads; every other {@code errand.*} key means what it means in {@code errand.properties}. */
public final class SpringKeys extends SettingGroup {
    public static final Setting<Boolean> WORKER_ENABLED = Setting.bool("errand.worker.enabled", true)
            .doc("Spring Boot: run a worker for the @Job methods of the application's beans; false for an application "
                    + "that only enqueues");
    public static final Setting<Duration> METRICS_QUEUE_STATS_INTERVAL = Setting.duration(
                    "errand.metrics.queueStatsInterval", Duration.ofSeconds(5))
            .doc("Spring Boot with Micrometer: the queue gauges read the backend's queue stats at most once "
                    + "per interval, however often they are scraped");

    public SpringKeys() {
        super("errand-spring-boot-autoconfigure", "Spring Boot", List.of(WORKER_ENABLED, METRICS_QUEUE_STATS_INTERVAL));
    }
}
