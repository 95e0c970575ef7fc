package com.example;

import dev.errand.Job;

public class JobInInnerClass {
    public class Tasks {
        @Job
        public void cleanUp(String folder) {
        }
    }
}
