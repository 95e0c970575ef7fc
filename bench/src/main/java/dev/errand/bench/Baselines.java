package dev.errand.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the plain queues beside a backend ({@link dev.errand.bench.raw.RawQueues}) did in one measurement, over the
 * runs of a scenario: a rate per run for each kind of queue (the raw queue, the record floor), how it was run and what
 * CPU it took. Errand's row for the same measurement carries its rate as a share of each median.
 */
final class Baselines {
    private static final class Measured {
        final List<Double> rates = new ArrayList<>();
        String describe = "";
        String cpu = "";
    }

    private final Map<String, Measured> byKind = new LinkedHashMap<>();

    /** One run of the queue of this {@code kind}: its rate, how it was run, and its CPU note (may be empty). */
    void add(String kind, String describe, double perSecond, String cpu) {
        Measured m = byKind.computeIfAbsent(kind, k -> new Measured());
        m.rates.add(perSecond);
        m.describe = describe;
        m.cpu = cpu;
    }

    /** {@code row} with its rate as a share of each queue's median, when any was measured. */
    Row against(Row row) {
        Row out = row;
        for (Map.Entry<String, Measured> e : byKind.entrySet()) {
            double baseline = median(e.getValue().rates);
            out = out.withNote(String.format(
                    Locale.ROOT,
                    "%.2f× the %s (%,.0f/s, same server, same run)",
                    row.perSecond() / baseline,
                    e.getKey(),
                    baseline));
        }
        return out;
    }

    /** A row per queue kind: "{kind} {scenario}", its median rate, the spread of its runs and how it was run. */
    List<Row> rows(String backend, String scenario, long n, int workers) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Measured> e : byKind.entrySet()) {
            Measured m = e.getValue();
            List<Double> sorted = new ArrayList<>(m.rates);
            sorted.sort(null);
            String spread = sorted.size() == 1
                    ? ""
                    : String.format(
                            Locale.ROOT,
                            "; median of %d runs (%,.0f–%,.0f/s)",
                            sorted.size(),
                            sorted.get(0),
                            sorted.get(sorted.size() - 1));
            rows.add(new Row(
                    backend,
                    e.getKey() + " " + scenario,
                    n,
                    workers,
                    "-",
                    median(m.rates),
                    null,
                    Double.NaN,
                    Double.NaN,
                    m.describe + "; " + m.cpu + spread));
        }
        return rows;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
