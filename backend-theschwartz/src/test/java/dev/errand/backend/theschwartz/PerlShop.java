package dev.errand.backend.theschwartz;

import dev.errand.Job;

/** Served by Perl workers (ts_worker.pl); declared here only so that Errand generates typed stubs. */
public abstract class PerlShop {
    @Job(name = "InteropWorker::Echo")
    public abstract void echo(String name, int count);
}
