package dev.errand.spring.boot4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.opentelemetry.ErrandTracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** On Spring Boot 4 too, the application's OpenTelemetry bean traces its jobs. */
@SpringBootTest(
        properties = {
            "spring.datasource.url=jdbc:h2:mem:traced4;DB_CLOSE_DELAY=-1",
            "errand.backend=jdbc",
            "errand.worker.threads=2"
        })
class Boot4TracingTest {
    @TestConfiguration(proxyBeanMethods = false)
    static class Telemetry {
        @Bean
        InMemorySpanExporter spanExporter() {
            return InMemorySpanExporter.create();
        }

        @Bean(destroyMethod = "close")
        OpenTelemetrySdk openTelemetry(InMemorySpanExporter exporter) {
            return OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder()
                            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                            .build())
                    .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                    .build();
        }
    }

    @Autowired
    Errand errand;

    @Autowired
    OrdersJobs jobs;

    @Autowired
    OpenTelemetry openTelemetry;

    @Autowired
    InMemorySpanExporter exporter;

    @Test
    void aJobEnqueuedInARequest_runsInAChildSpanOfTheRequest() {
        assertThat(errand.interceptors()).hasAtLeastOneElementOfType(ErrandTracing.class);
        Span request = openTelemetry
                .getTracer("shop")
                .spanBuilder("POST /orders")
                .setSpanKind(SpanKind.SERVER)
                .startSpan();
        try (Scope ignored = request.makeCurrent()) {
            jobs.refuse("order-t").enqueue();
        } finally {
            request.end();
        }

        SpanData job = await("the span of Orders.refuse")
                .atMost(Duration.ofSeconds(20))
                .until(
                        () -> exporter.getFinishedSpanItems().stream()
                                .filter(s -> s.getName().equals("process Orders.refuse"))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        assertThat(job.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(job.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
        assertThat(job.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
        assertThat(job.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }
}
