package dev.errand.report;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line chart as inline SVG, computed in Java (no script, no network): a time axis with clock labels,
 * a value axis for durations ({@link Scale#TIME}: linear from zero when the values stay within a factor of
 * 20, else logarithmic with ticks at 1 ms, 10 ms, 100 ms, 1 s, 10 s, 1 min, ...) or for plain numbers
 * ({@link Scale#LINEAR}), a legend, and optional marker lines (a threshold, the start of a problem).
 * Series values are given per bucket; {@code NaN} leaves a gap.
 */
final class SvgChart {
    /** TIME: values are microseconds, labelled with time units; LINEAR: plain numbers. */
    enum Scale {
        TIME,
        LINEAR
    }

    private static final int W = 720;
    private static final int H = 250;
    private static final int LEFT = 62;
    private static final int RIGHT = 26;
    private static final int TOP = 40;
    private static final int BOTTOM = 30;
    private static final long[] TIME_TICKS = {
        1,
        10,
        100,
        1_000,
        10_000,
        100_000,
        1_000_000,
        10_000_000,
        60_000_000L,
        600_000_000L,
        3_600_000_000L,
        36_000_000_000L
    };
    private static final String[] TIME_LABELS = {
        "1 µs", "10 µs", "100 µs", "1 ms", "10 ms", "100 ms", "1 s", "10 s", "1 min", "10 min", "1 h", "10 h"
    };
    private static final long[] CLOCK_STEPS = {
        1_000,
        5_000,
        10_000,
        15_000,
        30_000,
        60_000,
        120_000,
        300_000,
        600_000,
        900_000,
        1_800_000,
        3_600_000,
        7_200_000,
        10_800_000,
        21_600_000,
        43_200_000,
        86_400_000,
        172_800_000,
        604_800_000
    };

    private record Series(String name, String color, boolean dashed, double[] values, String unit) {}

    private record Marker(boolean vertical, double at, String label, String color) {}

    private final String title;
    private final Scale scale;
    private final long startMillis;
    private final long bucketMillis;
    private final int buckets;
    private final ZoneId zone;
    private final boolean withDate;
    private final List<Series> series = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();
    private long shadeFromMillis = Long.MIN_VALUE;
    private boolean logarithmic;

    SvgChart(
            String title,
            Scale scale,
            long startMillis,
            long bucketMillis,
            int buckets,
            ZoneId zone,
            boolean withDate) {
        this.title = title;
        this.scale = scale;
        this.startMillis = startMillis;
        this.bucketMillis = bucketMillis;
        this.buckets = Math.max(1, buckets);
        this.zone = zone;
        this.withDate = withDate;
    }

    /** Adds a line; {@code unit} is appended to tooltip values on a linear chart ("jobs/s"). */
    SvgChart series(String name, String color, boolean dashed, double[] values, String unit) {
        series.add(new Series(name, color, dashed, values, unit));
        return this;
    }

    SvgChart horizontal(double value, String label, String color) {
        markers.add(new Marker(false, value, label, color));
        return this;
    }

    /** A vertical marker at {@code epochMillis}, with the area after it shaded. */
    SvgChart from(long epochMillis, String label, String color) {
        markers.add(new Marker(true, epochMillis, label, color));
        shadeFromMillis = epochMillis;
        return this;
    }

    String render() {
        double lo;
        double hi;
        List<double[]> ticks = new ArrayList<>(); // {value, labelIndex or value}
        List<String> tickLabels = new ArrayList<>();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Series s : series) {
            for (double v : s.values) {
                if (!Double.isNaN(v)) {
                    min = Math.min(min, Math.max(v, 1));
                    max = Math.max(max, v);
                }
            }
        }
        logarithmic = scale == Scale.TIME && max > 20 * min;
        if (logarithmic) {
            for (Marker m : markers) {
                if (!m.vertical) {
                    max = Math.max(max, m.at); // on a log axis the threshold fits without squashing the data
                }
            }
            int a = 0;
            while (a + 1 < TIME_TICKS.length && TIME_TICKS[a + 1] <= min) {
                a++;
            }
            int b = TIME_TICKS.length - 1;
            while (b - 1 > a && TIME_TICKS[b - 1] >= max) {
                b--;
            }
            if (b == a) {
                b = Math.min(a + 1, TIME_TICKS.length - 1);
            }
            lo = TIME_TICKS[a];
            hi = TIME_TICKS[b];
            for (int i = a; i <= b; i++) {
                ticks.add(new double[] {TIME_TICKS[i]});
                tickLabels.add(TIME_LABELS[i]);
            }
        } else {
            double step =
                    scale == Scale.TIME ? niceTimeStep(max <= 0 ? 1_000 : max / 4) : niceStep(max <= 0 ? 1 : max / 4);
            lo = 0;
            hi = Math.max(step, Math.ceil(max * 1.08 / step) * step); // headroom: a flat line never sits on the frame
            for (double v = 0; v <= hi + step / 2; v += step) {
                ticks.add(new double[] {v});
                tickLabels.add(scale == Scale.TIME ? (v == 0 ? "0" : Format.micros(v)) : trim(v));
            }
        }
        final double yLo = lo;
        final double yHi = hi;
        StringBuilder b = new StringBuilder(8192);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ")
                .append(W)
                .append(' ')
                .append(H)
                .append("\" role=\"img\" aria-label=\"")
                .append(Xml.escape(title))
                .append("\">\n");
        b.append("<title>").append(Xml.escape(title)).append("</title>\n");
        b.append("<text x=\"")
                .append(LEFT)
                .append("\" y=\"16\" class=\"ct\">")
                .append(Xml.escape(title))
                .append("</text>\n");
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        // shaded problem area
        if (shadeFromMillis != Long.MIN_VALUE) {
            double x = x(shadeFromMillis);
            b.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" class=\"shade\"/>%n",
                    x,
                    TOP,
                    Math.max(0, LEFT + plotW - x),
                    plotH));
        }
        // y grid and labels
        for (int i = 0; i < ticks.size(); i++) {
            double y = y(ticks.get(i)[0], yLo, yHi);
            b.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>",
                    LEFT,
                    LEFT + plotW,
                    y,
                    y));
            b.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" class=\"yl\">%s</text>%n",
                    LEFT - 6,
                    y + 4,
                    Xml.escape(tickLabels.get(i))));
        }
        // x ticks
        long span = (long) buckets * bucketMillis;
        long step = CLOCK_STEPS[CLOCK_STEPS.length - 1];
        for (long s : CLOCK_STEPS) {
            if (span / s <= 8) {
                step = s;
                break;
            }
        }
        long first = Math.floorDiv(startMillis + step - 1, step) * step;
        for (long t = first; t <= startMillis + span; t += step) {
            double x = x(t);
            b.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" class=\"tick\"/>",
                    x,
                    x,
                    TOP + plotH,
                    TOP + plotH + 4));
            String label = step % 60_000 == 0
                    ? Format.clock(Instant.ofEpochMilli(t), zone, withDate && step >= 3_600_000)
                    : Format.clockSeconds(Instant.ofEpochMilli(t), zone, false);
            b.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" class=\"xl\">%s</text>%n",
                    x,
                    TOP + plotH + 17,
                    Xml.escape(label)));
        }
        b.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"frame\"/>%n",
                LEFT,
                TOP,
                plotW,
                plotH));
        // markers
        for (Marker m : markers) {
            if (m.vertical) {
                double x = x((long) m.at);
                b.append(String.format(
                        Locale.ROOT,
                        "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" class=\"marker\"/>",
                        x,
                        x,
                        TOP,
                        TOP + plotH,
                        m.color));
                boolean right = x < LEFT + plotW * 0.7;
                b.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%d\" fill=\"%s\" class=\"ml\" text-anchor=\"%s\">%s</text>%n",
                        right ? x + 4 : x - 4,
                        TOP + 12,
                        m.color,
                        right ? "start" : "end",
                        Xml.escape(m.label)));
            } else if (m.at >= yLo && m.at <= yHi) {
                double y = y(m.at, yLo, yHi);
                b.append(String.format(
                        Locale.ROOT,
                        "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" class=\"marker\"/>",
                        LEFT,
                        LEFT + plotW,
                        y,
                        y,
                        m.color));
                b.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%.1f\" fill=\"%s\" class=\"ml\">%s</text>%n",
                        LEFT + 4,
                        y - 4,
                        m.color,
                        Xml.escape(m.label)));
            } else if (m.at > yHi) {
                b.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" fill=\"%s\" class=\"ml\" text-anchor=\"end\">%s</text>%n",
                        LEFT + plotW - 4,
                        TOP + 12,
                        m.color,
                        Xml.escape("↑ " + m.label + ": far above")));
            }
        }
        // series
        for (Series s : series) {
            StringBuilder d = new StringBuilder();
            boolean pen = false;
            StringBuilder dots = new StringBuilder();
            for (int i = 0; i < s.values.length; i++) {
                double v = s.values[i];
                if (Double.isNaN(v)) {
                    pen = false;
                    continue;
                }
                long mid = startMillis + i * bucketMillis + bucketMillis / 2;
                double px = x(mid);
                double py = y(v, yLo, yHi);
                d.append(pen ? " L" : (d.length() == 0 ? "M" : " M"))
                        .append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
                pen = true;
                if (s.values.length <= 90) {
                    dots.append(String.format(
                            Locale.ROOT,
                            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.2\" fill=\"%s\"><title>%s %s: %s</title></circle>",
                            px,
                            py,
                            s.color,
                            Xml.escape(Format.clockSeconds(
                                    Instant.ofEpochMilli(startMillis + i * bucketMillis), zone, withDate)),
                            Xml.escape(s.name),
                            Xml.escape(value(v, s.unit))));
                }
            }
            if (d.length() > 0) {
                b.append("<path d=\"")
                        .append(d)
                        .append("\" stroke=\"")
                        .append(s.color)
                        .append("\" class=\"line")
                        .append(s.dashed ? " dashed" : "")
                        .append("\"/>\n");
                b.append("<g>").append(dots).append("</g>\n");
            }
        }
        // legend, right-aligned above the plot
        double lx = W - RIGHT;
        StringBuilder legend = new StringBuilder();
        for (int i = series.size() - 1; i >= 0; i--) {
            Series s = series.get(i);
            double textW = s.name.length() * 6.6 + 6;
            lx -= textW;
            legend.append(String.format(
                    Locale.ROOT, "<text x=\"%.1f\" y=\"20\" class=\"lg\">%s</text>", lx, Xml.escape(s.name)));
            lx -= 22;
            legend.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"16\" y2=\"16\" stroke=\"%s\" class=\"line%s\"/>",
                    lx,
                    lx + 18,
                    s.color,
                    s.dashed ? " dashed" : ""));
            lx -= 12;
        }
        b.append("<g class=\"legend\">").append(legend).append("</g>\n");
        b.append("</svg>\n");
        return b.toString();
    }

    private String value(double v, String unit) {
        return scale == Scale.TIME ? Format.micros(v) : trim(v) + (unit.isEmpty() ? "" : " " + unit);
    }

    private double x(long epochMillis) {
        double f = (epochMillis - startMillis) / (double) ((long) buckets * bucketMillis);
        return LEFT + Math.max(0, Math.min(1, f)) * (W - LEFT - RIGHT);
    }

    private double y(double v, double lo, double hi) {
        double f;
        if (logarithmic) {
            double c = Math.max(v, lo);
            f = (Math.log10(c) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
        } else {
            f = (v - lo) / (hi - lo);
        }
        f = Math.max(0, Math.min(1, f));
        return TOP + (1 - f) * (H - TOP - BOTTOM);
    }

    /** A step in microseconds that reads well with time units: 1-2-5 steps, and 15/30 s, 1/2/5/10/15/30 min above a second. */
    private static double niceTimeStep(double raw) {
        if (raw < 1_000_000) {
            return niceStep(raw);
        }
        double[] steps = {1e6, 2e6, 5e6, 10e6, 15e6, 30e6, 60e6, 120e6, 300e6, 600e6, 900e6, 1800e6, 3600e6};
        for (double st : steps) {
            if (st >= raw) {
                return st;
            }
        }
        return niceStep(raw / 3600e6) * 3600e6;
    }

    private static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double n = raw / mag;
        double nice = n <= 1 ? 1 : n <= 2 ? 2 : n <= 2.5 ? 2.5 : n <= 5 ? 5 : 10;
        return nice * mag;
    }

    private static String trim(double v) {
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return v >= 10
                ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "");
    }
}
