package com.example;

import dev.errand.Job;

public class Reports {
    public static class Daily {
        @Job(queue = "reports")
        public String render(String day) {
            return "report for " + day;
        }
    }
}
