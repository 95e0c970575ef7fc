package com.example;

import dev.errand.Job;

public class JobOnStaticMethod {
    @Job
    public static void rebuildIndex(String index) {
    }
}
