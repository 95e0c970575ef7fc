package com.example;

import dev.errand.Job;
import dev.errand.Recurring;

public class RecurringWithUnknownZone {
    @Job
    @Recurring(cron = "0 0 2 * * *", zone = "Europe/Atlantis")
    public void nightlyReport() {
    }
}
