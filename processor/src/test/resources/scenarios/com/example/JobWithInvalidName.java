package com.example;

import dev.errand.Job;

public class JobWithInvalidName {
    @Job(name = "send mail!")
    public void send(String address) {
    }
}
