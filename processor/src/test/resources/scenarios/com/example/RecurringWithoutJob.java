package com.example;

import dev.errand.Recurring;

public class RecurringWithoutJob {
    @Recurring(cron = "0 0 2 * * *")
    public void nightlyReport() {
    }
}
