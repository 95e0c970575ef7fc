package com.example;

import dev.errand.Job;

public class JobWithZeroTimeout {
    @Job(timeout = "0s")
    public void send(String address) {
    }
}
