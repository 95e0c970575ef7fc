package dev.errand.bench;

import dev.errand.bench.SustainedRun.Sample;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The samples of a sustained run as one self-contained SVG: four panels over the same time axis (jobs/s, p99
 * enqueue-to-start delay, store size, RSS), each scaled from zero to its own maximum, so a line that stays level
 * is a figure that stays flat.
 */
final class SustainedChart {
    private static final int W = 760;
    private static final int PANEL = 120;
    private static final int LEFT = 90;
    private static final int RIGHT = 20;
    private static final int TOP = 36;
    private static final int GAP = 34;

    private record Panel(String title, String unit, ToDoubleFunction<Sample> value) {}

    private static final List<Panel> PANELS = List.of(
            new Panel("jobs run per second", "/s", Sample::jobsPerSecond),
            new Panel("enqueue-to-start delay, p99", "ms", Sample::p99Ms),
            new Panel("rows / keys in the store", "", s -> s.storeSize()),
            new Panel("resident memory of the JVM", "MiB", s -> s.rssKib() / 1024.0));

    private SustainedChart() {}

    static String render(String title, List<Sample> samples) {
        int height = TOP + PANELS.size() * (PANEL + GAP) + 10;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                        + "font-family=\"sans-serif\" font-size=\"11\">%n",
                W,
                height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, height));
        svg.append(String.format(
                Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>%n", LEFT, escape(title)));
        long lastSecond = samples.isEmpty()
                ? 1
                : Math.max(1, samples.get(samples.size() - 1).seconds());
        for (int i = 0; i < PANELS.size(); i++) {
            panel(svg, PANELS.get(i), samples, lastSecond, TOP + i * (PANEL + GAP));
        }
        return svg.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder svg, Panel panel, List<Sample> samples, long lastSecond, int top) {
        double max = samples.stream()
                .mapToDouble(panel.value())
                .filter(v -> !Double.isNaN(v))
                .max()
                .orElse(1);
        max = max <= 0 ? 1 : max * 1.1;
        int width = W - LEFT - RIGHT;
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n",
                LEFT,
                top + 12,
                escape(panel.title())));
        svg.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" " + "stroke=\"#ccc\"/>%n",
                LEFT,
                top + 18,
                width,
                PANEL - 18));
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                LEFT - 6,
                top + 26,
                label(max, panel.unit())));
        svg.append(String.format(
                Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>%n", LEFT - 6, top + PANEL));
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d min</text>%n",
                LEFT + width,
                top + PANEL + 14,
                Math.round(lastSecond / 60.0)));
        StringBuilder points = new StringBuilder();
        for (Sample s : samples) {
            double v = panel.value().applyAsDouble(s);
            if (Double.isNaN(v) || v < 0) {
                continue;
            }
            double x = LEFT + width * (s.seconds() / (double) lastSecond);
            double y = top + PANEL - (PANEL - 18) * (v / max);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" " + "points=\"%s\"/>%n",
                points.toString().strip()));
    }

    private static String label(double value, String unit) {
        String number =
                value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.3g", value);
        return unit.isEmpty() ? number : number + " " + unit;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
