package dev.errand.spring.boot.actuate;

import dev.errand.Errand;
import dev.errand.spring.boot.ErrandAutoConfiguration;
import dev.errand.worker.Worker;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code errand} health indicator and the {@code errand} endpoint, when Spring Boot Actuator is there. The health
 * API moved in Spring Boot 4 ({@code org.springframework.boot.health.contributor}); each line gets an indicator on its
 * own API from a nested configuration that is read only when that API is on the class path, so neither names a class
 * of the other.
 */
@AutoConfiguration(after = ErrandAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, Errand.class})
@ConditionalOnBean(Errand.class)
public class ErrandActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    ErrandEndpoint errandEndpoint(Errand errand, ObjectProvider<Worker> worker) {
        return new ErrandEndpoint(errand, worker);
    }

    /** Spring Boot 3. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    static class Boot3Health {
        @Bean
        @ConditionalOnMissingBean(name = "errandHealthIndicator")
        @org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator("errand")
        ErrandHealthIndicator errandHealthIndicator(Errand errand) {
            return new ErrandHealthIndicator(errand);
        }
    }

    /** Spring Boot 4. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnMissingClass("org.springframework.boot.actuate.health.HealthIndicator")
    static class Boot4Health {
        @Bean
        @ConditionalOnMissingBean(name = "errandHealthIndicator")
        @org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator("errand")
        ErrandBoot4HealthIndicator errandHealthIndicator(Errand errand) {
            return new ErrandBoot4HealthIndicator(errand);
        }
    }
}
