package dev.errand.spring.boot;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GreeterConfiguration {
    @Bean
    Greetings greetings() {
        return new Greetings();
    }

    @Bean
    Greeter greeter(Greetings greetings) {
        return new Greeter(greetings);
    }
}
