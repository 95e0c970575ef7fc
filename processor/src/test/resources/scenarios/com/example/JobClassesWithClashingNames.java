package com.example;

import dev.errand.Job;

public class JobClassesWithClashingNames {
    public static class Inner {
        @Job(name = "clash.nested")
        public void run(String id) {
        }
    }
}
