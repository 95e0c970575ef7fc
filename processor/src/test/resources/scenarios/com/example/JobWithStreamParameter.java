package com.example;

import dev.errand.Job;
import java.io.InputStream;

public class JobWithStreamParameter {
    @Job
    public void send(InputStream body) {
    }
}
