package dev.errand.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;

/**
 * The report as JSON for machines: times in ISO-8601 UTC, durations in milliseconds (three decimals),
 * rates per second. Written with Jackson's streaming generator, so names and texts are escaped correctly.
 *
 * <pre>
 * {"lines": {...}, "window": {...}, "bucketSeconds": 30, "thresholds": {...},
 *  "delayUnknownAttempts": 0,
 *  "functions": [{"fn": "...", "attempts": 48000, ..., "delayMs": {"p50": ...}, "delayUnknownAttempts": 0,
 *                 "verdict": {...}, "trend": [...]}]}
 * </pre>
 * {@code delayUnknownAttempts} counts the attempts logged with {@code delay_ms=unknown}, which {@code delayMs} leaves
 * out; when there are any, {@code delayUnknown} says so in words, as the text report does.
 * <pre>
 * </pre>
 */
public final class JsonReport {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonReport() {}

    public static void write(Report report, Writer out) {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(report, g);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JSON report: " + e.getMessage(), e);
        }
    }

    public static void write(Report report, OutputStream out) {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            write(report, g);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the JSON report: " + e.getMessage(), e);
        }
    }

    private static void write(Report report, JsonGenerator g) throws IOException {
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        Analysis a = report.analysis();
        g.writeStartObject();
        g.writeArrayFieldStart("sources");
        for (String s : a.sources()) {
            g.writeString(s);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("lines");
        g.writeNumberField("read", a.lines());
        g.writeNumberField("timing", a.timingLines());
        g.writeNumberField("skipped", a.skippedLines());
        g.writeNumberField("foreign", a.foreignLines());
        g.writeNumberField("malformed", a.malformedLines());
        g.writeEndObject();
        g.writeObjectFieldStart("window");
        instant(g, "from", a.first());
        instant(g, "to", a.last());
        g.writeNumberField("seconds", a.window().toMillis() / 1000.0);
        g.writeEndObject();
        g.writeNumberField("bucketSeconds", a.bucketWidth().toMillis() / 1000.0);
        delayUnknown(g, a.unknownDelayAttempts());
        g.writeObjectFieldStart("thresholds");
        g.writeNumberField("maxDelayMs", report.thresholds().maxDelay().toNanos() / 1e6);
        g.writeNumberField("maxRetryRate", report.thresholds().maxRetryRate());
        g.writeNumberField("maxDeadRate", report.thresholds().maxDeadRate());
        g.writeNumberField("slowdown", report.thresholds().slowdown());
        g.writeEndObject();
        g.writeArrayFieldStart("functions");
        for (FunctionReport f : a.functions()) {
            function(g, f, report.verdict(f.fn()));
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
    }

    /** How many attempts had {@code delay_ms=unknown}, and when some had, the sentence the other reports show. */
    private static void delayUnknown(JsonGenerator g, long attempts) throws IOException {
        g.writeNumberField("delayUnknownAttempts", attempts);
        if (attempts > 0) {
            g.writeStringField("delayUnknown", CapacityAdvisor.unknownDelay(attempts));
        }
    }

    private static void function(JsonGenerator g, FunctionReport f, Verdict v) throws IOException {
        g.writeStartObject();
        g.writeStringField("fn", f.fn());
        g.writeNumberField("attempts", f.attempts());
        g.writeNumberField("ok", f.ok());
        g.writeNumberField("retry", f.retry());
        g.writeNumberField("dead", f.dead());
        g.writeNumberField("throughputPerSecond", round(f.throughput()));
        percentiles(g, "delayMs", f.delay());
        delayUnknown(g, f.unknownDelay());
        percentiles(g, "processMs", f.process());
        g.writeObjectFieldStart("window");
        instant(g, "from", f.first());
        instant(g, "to", f.last());
        g.writeEndObject();
        g.writeNumberField("distinctWorkers", f.distinctWorkers());
        g.writeNumberField("busyWorkers", round(f.busyWorkers()));

        g.writeObjectFieldStart("verdict");
        g.writeStringField("kind", v.kind().name());
        g.writeStringField("text", v.text());
        g.writeArrayFieldStart("findings");
        for (String s : v.findings()) {
            g.writeString(s);
        }
        g.writeEndArray();
        instant(g, "since", v.since());
        if (v.capacity() != null) {
            Capacity c = v.capacity();
            g.writeObjectFieldStart("capacity");
            g.writeNumberField("arrivalPerSecond", round(c.arrivalPerSecond()));
            g.writeNumberField("meanProcessSeconds", round(c.meanProcessSeconds()));
            g.writeNumberField("workersNeeded", round(c.workersNeeded()));
            g.writeNumberField("busyWorkers", round(c.busyWorkers()));
            g.writeNumberField("workersSeen", c.workersSeen());
            g.writeNumberField("distinctWorkers", c.distinctWorkers());
            g.writeNumberField("workersToAdd", c.workersToAdd());
            g.writeEndObject();
        }
        g.writeEndObject();

        g.writeArrayFieldStart("trend");
        for (TrendPoint p : f.trend()) {
            g.writeStartObject();
            instant(g, "start", p.start());
            g.writeNumberField("attempts", p.attempts());
            g.writeNumberField("ok", p.ok());
            g.writeNumberField("retry", p.retry());
            g.writeNumberField("dead", p.dead());
            g.writeNumberField("arrivals", p.arrivals());
            g.writeNumberField("throughputPerSecond", round(p.throughput()));
            if (p.arrivalsKnown()) {
                g.writeNumberField("arrivalPerSecond", round(p.arrivalRate()));
            } else {
                g.writeNullField("arrivalPerSecond");
            }
            g.writeNumberField("busyWorkers", round(p.busyWorkers()));
            if (p.hasAttempts()) {
                g.writeNumberField("delayP50Ms", p.delayP50() / 1000.0);
                g.writeNumberField("delayP95Ms", p.delayP95() / 1000.0);
                g.writeNumberField("delayP99Ms", p.delayP99() / 1000.0);
                g.writeNumberField("delayMaxMs", p.delayMax() / 1000.0);
                g.writeNumberField("processP50Ms", p.processP50() / 1000.0);
                g.writeNumberField("processP95Ms", p.processP95() / 1000.0);
                g.writeNumberField("processP99Ms", p.processP99() / 1000.0);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void percentiles(JsonGenerator g, String name, Percentiles p) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("p50", p.p50() / 1000.0);
        g.writeNumberField("p95", p.p95() / 1000.0);
        g.writeNumberField("p99", p.p99() / 1000.0);
        g.writeNumberField("max", p.max() / 1000.0);
        g.writeNumberField("mean", round(p.mean() / 1000.0));
        g.writeEndObject();
    }

    private static void instant(JsonGenerator g, String name, Instant t) throws IOException {
        if (t == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, t.toString());
        }
    }

    private static double round(double d) {
        return Math.round(d * 1000) / 1000.0;
    }
}
