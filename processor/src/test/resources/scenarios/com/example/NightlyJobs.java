package com.example;

import dev.errand.Job;
import dev.errand.Recurring;
import dev.errand.job.MissedRuns;

public class NightlyJobs {
    @Job(queue = "reports")
    @Recurring(cron = "0 0 2 * * *", zone = "Europe/Berlin", missed = MissedRuns.RUN_EACH, maxCatchUp = 3)
    public void nightlyReport() {
    }
}
