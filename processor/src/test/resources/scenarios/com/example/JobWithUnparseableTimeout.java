package com.example;

import dev.errand.Job;

public class JobWithUnparseableTimeout {
    @Job(timeout = "5 minutes")
    public void send(String address) {
    }
}
