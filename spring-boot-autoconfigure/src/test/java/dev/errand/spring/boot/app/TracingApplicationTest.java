package dev.errand.spring.boot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.micrometer.EnqueueMetrics;
import dev.errand.opentelemetry.ErrandTracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The application's OpenTelemetry bean traces its jobs: a request's trace continues into each attempt. */
@SpringBootTest(properties = {"errand.backend=memory", "errand.worker.threads=2"})
class TracingApplicationTest {
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
    OrdersJobs jobs;

    @Autowired
    Errand errand;

    @Autowired
    OpenTelemetry openTelemetry;

    @Autowired
    InMemorySpanExporter exporter;

    @Test
    void theErrandBean_tracesWithTheApplicationsOpenTelemetry_andCountsEnqueues() {
        assertThat(errand.interceptors())
                .as("the bean replaces the tracing that the class path would give on GlobalOpenTelemetry")
                .extracting(Object::getClass)
                .containsExactlyInAnyOrder(EnqueueMetrics.class, ErrandTracing.class);
    }

    @Test
    void aJobEnqueuedInARequest_runsInAChildSpanOfTheRequest_andAFailedOneEndsInError() {
        Span request = openTelemetry
                .getTracer("shop")
                .spanBuilder("POST /orders")
                .setSpanKind(SpanKind.SERVER)
                .startSpan();
        try (Scope ignored = request.makeCurrent()) {
            jobs.ship("order-t1").enqueue();
            jobs.refuse("order-t2").enqueue();
        } finally {
            request.end();
        }

        SpanData ship = awaitSpan("process Orders.ship");
        SpanData refuse = awaitSpan("process Orders.refuse");
        for (SpanData job : List.of(ship, refuse)) {
            assertThat(job.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(job.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
            assertThat(job.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
            assertThat(job.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")))
                    .isEqualTo("orders");
        }
        assertThat(ship.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(refuse.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(refuse.getStatus().getDescription()).isEqualTo("order order-t2 cannot ship");
        assertThat(refuse.getAttributes().get(AttributeKey.stringKey("errand.job.outcome")))
                .isEqualTo("dead");
    }

    private SpanData awaitSpan(String name) {
        return await("the span " + name)
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> exporter.getFinishedSpanItems().stream()
                                .filter(s -> s.getName().equals(name))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }
}
