package com.example;

import dev.errand.Job;

public interface JobOnInterfaceMethod {
    @Job
    void send(String to);
}
