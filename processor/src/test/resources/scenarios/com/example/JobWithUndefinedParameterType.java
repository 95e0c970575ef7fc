package com.example;

import dev.errand.Job;

public class JobWithUndefinedParameterType {
    @Job
    public void archive(NoSuchReport report) {
    }
}
