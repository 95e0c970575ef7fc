package com.example;

import dev.errand.Job;

public class JobNameTakenInOtherClass {
    @Job(name = "JobNameUsedTwice.sendWelcome")
    public void welcome(String address) {
    }
}
