package com.example;

import dev.errand.Job;

public class JobWithInvalidQueue {
    @Job(queue = "mail/outbox")
    public void send(String address) {
    }
}
