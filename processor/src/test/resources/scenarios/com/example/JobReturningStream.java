package com.example;

import dev.errand.Job;
import java.io.InputStream;

public class JobReturningStream {
    @Job
    public InputStream open(String path) {
        return null;
    }
}
