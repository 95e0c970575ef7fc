package com.example;

import dev.errand.Job;

public class JobOnGenericMethod {
    @Job
    public <T> void store(T value) {
    }
}
