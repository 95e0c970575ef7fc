package dev.errand.cli.jobs;

import dev.errand.Job;
import dev.errand.Recurring;

/** A recurring job for the manager tests: every second, doing nothing; its runs are counted in the jobs table. */
public class TickJobs {

    @Job(queue = "managed")
    @Recurring(cron = "* * * * * *", name = "every-second")
    public void tick() {}
}
