package dev.errand.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.testkit.ChildJvm;
import dev.errand.testservers.PostgresServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A request's trace continues into its job on a worker in another process, through PostgreSQL alone. */
class CrossProcessTraceTest {
    @TempDir
    Path dir;

    @Test
    void aJobEnqueuedInARequestSpan_runsInAChildSpanOfIt_inAnotherJvm() {
        String url = PostgresServer.shared().newDatabase("cross_process");
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                        .setTracerProvider(SdkTracerProvider.builder()
                                .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create()))
                                .build())
                        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                        .build();
                Errand producer = Errand.builder()
                        .config(ErrandConfig.empty())
                        .backend("jdbc")
                        .property("errand.jdbc.url", url)
                        .property("errand.jdbc.username", PostgresServer.USER)
                        .property("errand.jdbc.password", PostgresServer.PASSWORD)
                        .interceptor(new ErrandTracing(otel))
                        .build()) {
            Span request = otel.getTracer("web")
                    .spanBuilder("POST /reports")
                    .setSpanKind(SpanKind.SERVER)
                    .startSpan();
            assertThat(request.getSpanContext().isValid()).isTrue();
            try (Scope ignored = request.makeCurrent()) {
                new ReportsJobs(producer).render("q9").enqueue();
            } finally {
                request.end();
            }

            ChildJvm.Result child = ChildJvm.run(
                    ChildWorker.class,
                    List.of(url, PostgresServer.USER, PostgresServer.PASSWORD),
                    Map.of(),
                    Map.of(),
                    dir.resolve("child.out"),
                    Duration.ofSeconds(90));

            assertThat(child.exitCode()).as(child.output()).isZero();
            assertThat(child.output())
                    .contains("span process Reports.render trace="
                            + request.getSpanContext().getTraceId() + " parent="
                            + request.getSpanContext().getSpanId() + " kind=CONSUMER")
                    .contains("ran 1");
        }
    }
}
