package dev.errand.report;

import java.time.Instant;
import java.util.List;

/**
 * The report's judgement of one function, in plain words.
 *
 * @param fn       the job name
 * @param kind     the most important finding
 * @param findings one sentence per finding, most important first
 * @param since    when the problem started (the first bucket of it), or null
 * @param capacity the Little's-law estimate behind the advice, or null when there were too few attempts
 */
public record Verdict(String fn, Kind kind, List<String> findings, Instant since, Capacity capacity) {

    /** What kind of state a function is in, from good to bad. */
    public enum Kind {
        /** Delay stayed under the threshold, process time steady, few failures. */
        HEALTHY,
        /** Too many attempts retry or die: the job fails, whatever the capacity. */
        FAILING,
        /** Process time rose: the job itself got slower; more workers would not fix the cause. */
        SLOW_PROCESSING,
        /** Delay rose past the threshold while process time stayed level: too few workers. */
        SATURATED
    }

    public Verdict {
        findings = List.copyOf(findings);
    }

    /** The verdict as one paragraph: {@code fn: finding finding ...}. */
    public String text() {
        return fn + ": " + String.join(" ", findings);
    }
}
