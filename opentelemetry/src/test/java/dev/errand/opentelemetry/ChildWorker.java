package dev.errand.opentelemetry;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.worker.Worker;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/**
 * A worker in a process of its own, for {@link CrossProcessTraceTest}: its own OpenTelemetry SDK, a worker on the
 * PostgreSQL database named by the arguments (url, user, password); it runs one job and prints each span it
 * recorded as {@code span <name> trace=<id> parent=<id> kind=<kind>}.
 */
public final class ChildWorker {
    private ChildWorker() {}

    public static void main(String[] args) throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                        .setTracerProvider(SdkTracerProvider.builder()
                                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                                .build())
                        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                        .build();
                Errand errand = Errand.builder()
                        .config(ErrandConfig.empty())
                        .backend("jdbc")
                        .property("errand.jdbc.url", args[0])
                        .property("errand.jdbc.username", args[1])
                        .property("errand.jdbc.password", args[2])
                        .interceptor(new ErrandTracing(otel))
                        .build()) {
            Worker worker = errand.worker().register(new Reports()).build();
            long ran = worker.drain().succeeded();
            for (SpanData span : exporter.getFinishedSpanItems()) {
                System.out.println("span " + span.getName() + " trace=" + span.getTraceId() + " parent="
                        + span.getParentSpanId() + " kind=" + span.getKind());
            }
            System.out.println("ran " + ran);
        }
    }
}
