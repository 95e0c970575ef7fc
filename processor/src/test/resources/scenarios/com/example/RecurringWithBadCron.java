package com.example;

import dev.errand.Job;
import dev.errand.Recurring;

public class RecurringWithBadCron {
    @Job
    @Recurring(cron = "0 0 25 * * *")
    public void nightlyReport() {
    }
}
