package com.example;

import dev.errand.Job;

public class JobWithZeroMaxAttempts {
    @Job(maxAttempts = 0)
    public void send(String address) {
    }
}
