package dev.errand.opentelemetry;

import dev.errand.Job;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Jobs that note the span current while they run. */
public class Reports {
    public final List<SpanContext> seen = new CopyOnWriteArrayList<>();

    @Job(queue = "reports")
    public void render(String report) {
        seen.add(Span.current().getSpanContext());
    }

    @Job(queue = "reports", maxAttempts = 2)
    public void broken(String report) {
        seen.add(Span.current().getSpanContext());
        throw new IllegalStateException("report " + report + " has no data");
    }
}
