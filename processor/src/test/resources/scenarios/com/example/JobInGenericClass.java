package com.example;

import dev.errand.Job;

public class JobInGenericClass<T> {
    @Job
    public void process(String id) {
    }
}
