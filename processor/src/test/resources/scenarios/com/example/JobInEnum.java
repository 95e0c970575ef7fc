package com.example;

import dev.errand.Job;

public enum JobInEnum {
    INSTANCE;

    @Job
    public void refresh(String key) {
    }
}
