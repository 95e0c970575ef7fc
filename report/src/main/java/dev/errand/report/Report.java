package dev.errand.report;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Everything a renderer ({@link TextReport}, {@link JsonReport}, {@link HtmlReport}) shows: the analysis,
 * one verdict per function (same order), the thresholds used and the zone for clock times.
 */
public record Report(Analysis analysis, List<Verdict> verdicts, Thresholds thresholds, ZoneId zone) {

    public Report {
        Objects.requireNonNull(analysis, "analysis == null");
        verdicts = List.copyOf(verdicts);
        Objects.requireNonNull(thresholds, "thresholds == null");
        Objects.requireNonNull(zone, "zone == null");
    }

    /** Judges {@code analysis} with a {@link CapacityAdvisor}. */
    public static Report of(Analysis analysis, Thresholds thresholds, ZoneId zone) {
        return new Report(analysis, new CapacityAdvisor(thresholds, zone).judge(analysis), thresholds, zone);
    }

    public Verdict verdict(String fn) {
        return verdicts.stream()
                .filter(v -> v.fn().equals(fn))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no verdict for fn " + fn));
    }

    /** Whether clock times need a date (the window crosses midnight in {@link #zone()}). */
    boolean multiDay() {
        return Format.spansDays(analysis.first(), analysis.last(), zone);
    }

    /** Functions whose verdict is {@link Verdict.Kind#SATURATED}. */
    public List<Verdict> saturated() {
        return verdicts.stream().filter(v -> v.kind() == Verdict.Kind.SATURATED).toList();
    }
}
