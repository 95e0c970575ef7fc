package dev.errand.cli.jobs;

/** A class without {@code @Job} methods, so no dispatcher is generated for it. */
public class NoJobs {
    public void notAJob() {}
}
