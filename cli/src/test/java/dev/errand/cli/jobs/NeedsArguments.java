package dev.errand.cli.jobs;

import dev.errand.Job;

/** {@code @Job} methods but no public no-argument constructor: the manager cannot create it. */
public class NeedsArguments {
    private final String host;

    public NeedsArguments(String host) {
        this.host = host;
    }

    @Job(queue = "args")
    public String host() {
        return host;
    }
}
