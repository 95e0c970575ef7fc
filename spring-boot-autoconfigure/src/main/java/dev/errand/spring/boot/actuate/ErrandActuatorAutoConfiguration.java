package dev.errand.spring.boot.actuate;

import dev.errand.Errand;
import dev.errand.spring.boot.ErrandAutoConfiguration;
import dev.errand.worker.Worker;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code errand} health indicator and the {@code errand} endpoint, when Spring Boot Actuator is there. */
@AutoConfiguration(after = ErrandAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, Errand.class})
@ConditionalOnBean(Errand.class)
public class ErrandActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "errandHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("errand")
    ErrandHealthIndicator errandHealthIndicator(Errand errand) {
        return new ErrandHealthIndicator(errand);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    ErrandEndpoint errandEndpoint(Errand errand, ObjectProvider<Worker> worker) {
        return new ErrandEndpoint(errand, worker);
    }
}
