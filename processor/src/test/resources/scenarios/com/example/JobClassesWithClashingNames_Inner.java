package com.example;

import dev.errand.Job;

public class JobClassesWithClashingNames_Inner {
    @Job(name = "clash.topLevel")
    public void run(String id) {
    }
}
