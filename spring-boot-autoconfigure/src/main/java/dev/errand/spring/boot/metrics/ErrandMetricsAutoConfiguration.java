package dev.errand.spring.boot.metrics;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.micrometer.EnqueueMetrics;
import dev.errand.micrometer.ErrandMetrics;
import dev.errand.spring.boot.ErrandAutoConfiguration;
import dev.errand.spring.boot.ErrandWorkerCustomizer;
import dev.errand.spring.boot.SpringKeys;
import dev.errand.worker.Worker;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Errand's metrics ({@code errand-micrometer}) when Micrometer is on the class path: {@link ErrandMetrics} is a
 * {@code MeterBinder}, so Spring Boot binds it to the application's registries; it hears the worker's attempts
 * and adds its thread gauges. Names, tags and units: {@code docs/metrics.md}.
 */
@AutoConfiguration(
        after = ErrandAutoConfiguration.class,
        afterName = {
            // The registries: Spring Boot 3, then 4.
            "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration"
        })
@ConditionalOnClass({MeterRegistry.class, ErrandMetrics.class, Errand.class})
@ConditionalOnBean(Errand.class)
public class ErrandMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ErrandMetrics errandMetrics(Errand errand, ErrandConfig config) {
        return ErrandMetrics.builder(errand)
                .queueStatsInterval(SpringKeys.METRICS_QUEUE_STATS_INTERVAL.get(config))
                .build();
    }

    /** A {@code MeterBinder} and a {@code JobInterceptor}: the Errand bean counts its enqueues with it. */
    @Bean
    @ConditionalOnMissingBean
    EnqueueMetrics errandEnqueueMetrics() {
        return new EnqueueMetrics();
    }

    @Bean
    ErrandWorkerCustomizer errandMetricsWorkerCustomizer(ErrandMetrics metrics) {
        return builder -> builder.attemptListener(metrics);
    }

    @Bean
    SmartInitializingSingleton errandMetricsWorkerGauges(ErrandMetrics metrics, ObjectProvider<Worker> workers) {
        return () -> workers.orderedStream().forEach(metrics::bindTo);
    }
}
