package dev.errand.spring.boot.tracing;

import dev.errand.opentelemetry.ErrandTracing;
import dev.errand.spring.boot.ErrandAutoConfiguration;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Trace propagation ({@code errand-opentelemetry}) with the application's {@link OpenTelemetry} bean, when the
 * module is on the class path and there is such a bean (Spring Boot's own, or the application's): the Errand bean
 * takes it as an interceptor, in place of the one that would trace with {@code GlobalOpenTelemetry}.
 */
@AutoConfiguration(
        before = ErrandAutoConfiguration.class,
        afterName = {
            // Spring Boot 3.5 and 4.0 make the OpenTelemetry bean here.
            "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration",
            "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration"
        })
@ConditionalOnClass({ErrandTracing.class, OpenTelemetry.class})
public class ErrandTracingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(OpenTelemetry.class)
    ErrandTracing errandTracing(OpenTelemetry openTelemetry) {
        return new ErrandTracing(openTelemetry);
    }
}
