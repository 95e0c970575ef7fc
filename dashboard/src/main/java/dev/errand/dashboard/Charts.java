package dev.errand.dashboard;

import java.util.List;
import java.util.Locale;

/** Sparklines as SVG polyline points: numbers only, so a template may place them in an attribute as they are. */
final class Charts {
    static final int WIDTH = 160;
    static final int HEIGHT = 36;
    /** Room above the largest value, so a steady line sits below the top edge rather than on it. */
    private static final double HEADROOM = 1.25;

    private Charts() {}

    /** One point per value, left to right, scaled so the largest value touches the top; empty for no values. */
    static String points(List<Double> values) {
        if (values.isEmpty()) {
            return "";
        }
        double max = values.stream().mapToDouble(v -> v.isNaN() ? 0 : v).max().orElse(0);
        double step = values.size() == 1 ? 0 : (double) WIDTH / (values.size() - 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i).isNaN() ? 0 : values.get(i);
            double y = max <= 0 ? HEIGHT - 1 : HEIGHT - 1 - (v / (max * HEADROOM)) * (HEIGHT - 2);
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format(Locale.ROOT, "%.1f,%.1f", i * step, y));
        }
        return sb.toString();
    }
}
