package com.example;

import dev.errand.Job;

public class JobOnOverloadsWithDefaultNames {
    @Job
    public void notify(String userId) {
    }

    @Job
    public void notify(String userId, String message) {
    }
}
