package dev.errand.opentelemetry;

import dev.errand.job.JobHeaders;
import dev.errand.job.JobState;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.JobInterceptor;
import dev.errand.spi.NewJob;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continues the enqueuing caller's trace into each attempt of the job. At enqueue, the current context is written
 * into the job's headers with the application's propagators (W3C {@code traceparent} and {@code tracestate} by
 * default); around each attempt, a {@link SpanKind#CONSUMER CONSUMER} span named {@code process <job name>} is
 * started as a child of that context and made current while the job runs, so the job's own spans nest under it.
 *
 * <p>Attributes, after OpenTelemetry's messaging conventions where they fit: {@code messaging.system=errand},
 * {@code messaging.operation.type=process}, {@code messaging.operation.name=process},
 * {@code messaging.destination.name} (the queue), {@code messaging.message.id} (the job id); and
 * {@code errand.job.name}, {@code errand.job.attempt}, {@code errand.job.outcome} ({@code succeeded},
 * {@code retryable}, {@code dead}, or {@code handed_back} when a shutdown returned the job unrun). A failed attempt
 * sets the span's status to ERROR and records what the job threw.
 *
 * <p>Found on the class path by {@link OpenTelemetryInterceptorProvider} (then it uses
 * {@link GlobalOpenTelemetry}); an application with its own {@link OpenTelemetry} gives
 * {@code Errand.builder().interceptor(new ErrandTracing(openTelemetry))}, which replaces the discovered one.
 */
public final class ErrandTracing implements JobInterceptor {
    /** The instrumentation scope of the spans. */
    public static final String SCOPE = "dev.errand";

    static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> JOB_NAME = AttributeKey.stringKey("errand.job.name");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("errand.job.attempt");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("errand.job.outcome");

    private static final Logger log = LoggerFactory.getLogger(ErrandTracing.class);

    private final Supplier<OpenTelemetry> openTelemetry;

    /** Traces with this OpenTelemetry: its propagators and its tracer provider. */
    public ErrandTracing(OpenTelemetry openTelemetry) {
        Objects.requireNonNull(openTelemetry, "openTelemetry == null");
        this.openTelemetry = () -> openTelemetry;
    }

    private ErrandTracing(Supplier<OpenTelemetry> openTelemetry) {
        this.openTelemetry = openTelemetry;
    }

    /**
     * Traces with {@link GlobalOpenTelemetry}, read at each use, so an SDK or agent that registers itself after the
     * client was built is still used.
     */
    public static ErrandTracing global() {
        return new ErrandTracing(GlobalOpenTelemetry::get);
    }

    @Override
    public JobHeaders decorate(NewJob job) {
        Context current = Context.current();
        if (!Span.fromContext(current).getSpanContext().isValid()) {
            return job.headers(); // no trace to continue
        }
        JobHeaders[] headers = {job.headers()};
        openTelemetry
                .get()
                .getPropagators()
                .getTextMapPropagator()
                .inject(current, headers, (carrier, key, value) -> carrier[0] = with(carrier[0], key, value, job));
        return headers[0];
    }

    /** The headers with one more field; a field that cannot be a header (too long, say) is left out and logged. */
    private static JobHeaders with(JobHeaders headers, String key, String value, NewJob job) {
        try {
            return headers.with(key.toLowerCase(Locale.ROOT), value);
        } catch (IllegalArgumentException e) {
            log.warn(
                    "trace context field {} of job {} on queue {} is left out of its headers: {}",
                    key,
                    job.name(),
                    job.queue(),
                    e.getMessage());
            return headers;
        }
    }

    @Override
    public AttemptScope beginAttempt(ClaimedJob job) {
        OpenTelemetry otel = openTelemetry.get();
        Context parent = otel.getPropagators()
                .getTextMapPropagator()
                .extract(Context.root(), job.headers().asMap(), HeaderGetter.INSTANCE);
        Tracer tracer = otel.getTracer(SCOPE);
        Span span = tracer.spanBuilder("process " + job.name())
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MESSAGING_SYSTEM, "errand")
                .setAttribute(OPERATION_TYPE, "process")
                .setAttribute(OPERATION_NAME, "process")
                .setAttribute(DESTINATION, job.queue())
                .setAttribute(MESSAGE_ID, job.id().value())
                .setAttribute(JOB_NAME, job.name())
                .setAttribute(ATTEMPT, (long) job.attempt())
                .startSpan();
        Scope scope = parent.with(span).makeCurrent();
        return (outcome, cause) -> {
            try {
                span.setAttribute(
                        OUTCOME,
                        outcome == null ? "handed_back" : outcome.name().toLowerCase(Locale.ROOT));
                if (outcome == JobState.RETRYABLE || outcome == JobState.DEAD) {
                    span.setStatus(
                            StatusCode.ERROR,
                            cause != null && cause.getMessage() != null
                                    ? cause.getMessage()
                                    : "attempt " + job.attempt() + " failed (" + outcome + ")");
                    if (cause != null) {
                        span.recordException(cause);
                    }
                }
            } finally {
                scope.close();
                span.end();
            }
        };
    }

    @Override
    public String toString() {
        return "ErrandTracing";
    }

    /** Reads the job's headers as a propagator's carrier; header names are lower case, as {@link #decorate} wrote them. */
    private enum HeaderGetter implements io.opentelemetry.context.propagation.TextMapGetter<Map<String, String>> {
        INSTANCE;

        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key.toLowerCase(Locale.ROOT));
        }
    }
}
