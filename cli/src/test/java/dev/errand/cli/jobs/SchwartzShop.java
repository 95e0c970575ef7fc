package dev.errand.cli.jobs;

import dev.errand.Job;
import java.io.IOException;

/**
 * Jobs the manager's children run on TheSchwartz's tables: named as a Perl worker class would be, and with no queue
 * (TheSchwartz has none). Each records its runs as {@link ManagedJobs} does.
 */
public class SchwartzShop {
    private final ManagedJobs managed = new ManagedJobs();

    @Job(name = "cli::Audit")
    public void record(String dir, String key) throws IOException {
        ManagedJobs.run(dir, key);
    }

    /** {@link ManagedJobs#hold}: the first attempt waits for {@code <key>.release}, a later one finishes at once. */
    @Job(name = "cli::Wait", timeout = "5m")
    public void hold(String dir, String key) throws IOException {
        managed.hold(dir, key);
    }
}
