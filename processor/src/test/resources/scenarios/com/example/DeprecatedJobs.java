package com.example;

import dev.errand.Job;

public class DeprecatedJobs {
    /** @deprecated use a newer job */
    @Deprecated
    @Job
    public void legacy(String id) {
    }

    @Job
    public void current(String id) {
    }
}
