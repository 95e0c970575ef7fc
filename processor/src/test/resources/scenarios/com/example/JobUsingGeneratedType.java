package com.example;

import dev.errand.Job;

public class JobUsingGeneratedType {
    @Job
    public LaterReport archive(LaterReport report) {
        return report;
    }
}
