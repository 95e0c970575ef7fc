package com.example;

import dev.errand.Job;

public class JobNameUsedTwice {
    @Job(name = "mail.send")
    public void sendWelcome(String address) {
    }

    @Job(name = "mail.send")
    public void sendGoodbye(String address) {
    }
}
