package com.example;

import dev.errand.Job;
import dev.errand.Recurring;

public class RecurringWithParameters {
    @Job
    @Recurring(cron = "0 0 2 * * *")
    public void nightlyReport(String recipient) {
    }
}
