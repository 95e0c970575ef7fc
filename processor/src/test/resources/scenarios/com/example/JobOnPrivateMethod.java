package com.example;

import dev.errand.Job;

public class JobOnPrivateMethod {
    @Job
    private void sendNewsletter(String address) {
    }
}
