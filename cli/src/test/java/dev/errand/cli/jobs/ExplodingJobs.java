package dev.errand.cli.jobs;

import dev.errand.Job;

/** A worker class whose constructor always fails: its child processes crash at start (a crash loop). */
public class ExplodingJobs {
    public ExplodingJobs() {
        throw new IllegalStateException(
                "ExplodingJobs cannot start: the configured mail server is unreachable (on purpose)");
    }

    @Job(queue = "boom")
    public void nothing() {}
}
