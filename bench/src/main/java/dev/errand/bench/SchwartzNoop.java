package dev.errand.bench;

import dev.errand.Job;

/** The no-op job of the TheSchwartz drain, named as the Perl worker class that serves it too. */
public class SchwartzNoop {
    @Job(name = "Bench::Noop")
    public void noop(int i) {}
}
