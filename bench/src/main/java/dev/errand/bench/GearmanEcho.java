package dev.errand.bench;

import dev.errand.Job;

/**
 * The job of the {@code gearman} scenario: a raw-string echo, the cheapest work a Gearman worker can do, so what is
 * measured is the worker's own cost per job. Perl, C and raw-protocol workers serve the same function name.
 */
public class GearmanEcho {
    static final String FUNCTION = "bench::echo";

    @Job(name = FUNCTION, timeout = "1m")
    public String echo(String text) {
        return text;
    }
}
