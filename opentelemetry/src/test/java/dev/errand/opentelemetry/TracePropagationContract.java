package dev.errand.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.job.JobId;
import dev.errand.worker.RetryPolicy;
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
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request's trace continues into its job: the job is enqueued by one client inside a request span and run by a
 * worker of another client on the same store (as another process would), whose CONSUMER span is the request span's
 * child. One subclass per backend.
 */
abstract class TracePropagationContract {
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();

    /** A new client on the store under test; each call opens its own connection to it where the backend allows. */
    protected abstract Errand.ErrandBuilder client();

    @AfterEach
    void closeSdk() {
        otel.close();
    }

    @Test
    void aJobEnqueuedInARequestSpan_runsInAConsumerSpanThatIsItsChild_onAnotherClient() {
        Reports reports = new Reports();
        try (Errand producer = client().interceptor(new ErrandTracing(otel)).build();
                Errand consumer = client().interceptor(new ErrandTracing(otel)).build()) {
            Span request = otel.getTracer("test")
                    .spanBuilder("POST /reports")
                    .setSpanKind(SpanKind.SERVER)
                    .startSpan();
            JobId id;
            try (Scope ignored = request.makeCurrent()) {
                id = new ReportsJobs(producer).render("q3").enqueue();
            } finally {
                request.end();
            }
            assertThat(producer.job(id).orElseThrow().headers().get("traceparent"))
                    .contains("00-" + request.getSpanContext().getTraceId() + "-"
                            + request.getSpanContext().getSpanId() + "-"
                            + request.getSpanContext().getTraceFlags().asHex());

            assertThat(consumer.worker().register(reports).build().drain().succeeded())
                    .isEqualTo(1);

            SpanData job = only("process Reports.render");
            assertThat(job.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(job.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
            assertThat(job.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
            assertThat(job.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
            assertThat(job.getAttributes().asMap())
                    .containsEntry(AttributeKey.stringKey("messaging.system"), "errand")
                    .containsEntry(AttributeKey.stringKey("messaging.operation.type"), "process")
                    .containsEntry(AttributeKey.stringKey("messaging.destination.name"), "reports")
                    .containsEntry(AttributeKey.stringKey("messaging.message.id"), id.value())
                    .containsEntry(AttributeKey.stringKey("errand.job.name"), "Reports.render")
                    .containsEntry(AttributeKey.longKey("errand.job.attempt"), 1L)
                    .containsEntry(AttributeKey.stringKey("errand.job.outcome"), "succeeded");
            assertThat(reports.seen)
                    .as("the job's code runs with the job's span current")
                    .containsExactly(job.getSpanContext());
        }
    }

    @Test
    void aFailingAttempt_endsItsSpanWithErrorStatus_andTheException_eachAttemptAChildOfTheRequest() {
        try (Errand errand = client().interceptor(new ErrandTracing(otel)).build()) {
            Span request = otel.getTracer("test").spanBuilder("POST /reports").startSpan();
            try (Scope ignored = request.makeCurrent()) {
                new ReportsJobs(errand).broken("q4").enqueue();
            } finally {
                request.end();
            }

            errand.worker()
                    .register(new Reports())
                    .retryPolicy(RetryPolicy.immediate())
                    .build()
                    .drain();

            List<SpanData> attempts = exporter.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals("process Reports.broken"))
                    .toList();
            assertThat(attempts)
                    .extracting(s -> s.getAttributes().get(AttributeKey.stringKey("errand.job.outcome")))
                    .containsExactly("retryable", "dead");
            for (SpanData attempt : attempts) {
                assertThat(attempt.getParentSpanId())
                        .isEqualTo(request.getSpanContext().getSpanId());
                assertThat(attempt.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
                assertThat(attempt.getStatus().getDescription()).isEqualTo("report q4 has no data");
                EventData exception = attempt.getEvents().get(0);
                assertThat(exception.getName()).isEqualTo("exception");
                assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.type")))
                        .isEqualTo("java.lang.IllegalStateException");
                assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.message")))
                        .isEqualTo("report q4 has no data");
            }
        }
    }

    @Test
    void aJobEnqueuedOutsideAnyTrace_carriesNoHeaders_andItsSpanStartsATrace() {
        try (Errand errand = client().interceptor(new ErrandTracing(otel)).build()) {
            JobId id = new ReportsJobs(errand).render("q5").enqueue();
            assertThat(errand.job(id).orElseThrow().headers().isEmpty()).isTrue();

            errand.worker().register(new Reports()).build().drain();

            assertThat(only("process Reports.render").getParentSpanContext().isValid())
                    .isFalse();
        }
    }

    private SpanData only(String name) {
        List<SpanData> spans = exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(name))
                .toList();
        assertThat(spans)
                .as("spans named %s among %s", name, exporter.getFinishedSpanItems())
                .hasSize(1);
        return spans.get(0);
    }
}
