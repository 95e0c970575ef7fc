package dev.errand.spring.boot4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

/** Bad configuration fails a Spring Boot 4 application's start with Errand's own message. */
class Boot4ConfigurationTest {
    @Test
    void aTypoInAnErrandKey_failsTheStart_namingTheKey() {
        assertThatThrownBy(() -> start("--errand.backend=memory", "--errand.worker.thraeds=4"))
                .hasStackTraceContaining("unknown configuration key errand.worker.thraeds")
                .hasStackTraceContaining("did you mean errand.worker.threads?");
    }

    @Test
    void anUnknownBackend_failsTheStart_namingIt() {
        assertThatThrownBy(() -> start("--errand.backend=nope")).hasStackTraceContaining("nope");
    }

    private static void start(String... args) {
        SpringApplication app = new SpringApplication(Shop4Application.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        try (var context = app.run(java.util.stream.Stream.concat(
                        java.util.stream.Stream.of("--spring.datasource.url=jdbc:h2:mem:bad4;DB_CLOSE_DELAY=-1"),
                        java.util.stream.Stream.of(args))
                .toArray(String[]::new))) {
            assertThat(context.isActive()).isTrue();
        }
    }
}
