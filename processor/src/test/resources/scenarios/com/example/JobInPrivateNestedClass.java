package com.example;

import dev.errand.Job;

public class JobInPrivateNestedClass {
    private static class Tasks {
        @Job
        public void cleanUp(String folder) {
        }
    }
}
