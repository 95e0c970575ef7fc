package dev.errand.backend.theschwartz;

import dev.errand.Job;
import java.util.List;
import java.util.Map;

/** Served by Perl workers (ts_worker.pl); declared here only so that Errand generates typed stubs. */
public abstract class PerlShop {
    @Job(name = "InteropWorker::Echo")
    public abstract void echo(String name, int count);

    /** Served by a Perl worker class that keeps no exit status (keep_exit_status_for 0). */
    @Job(name = "InteropWorker::Forget")
    public abstract void forget(String name);

    /** Coalesced by order, for a Perl worker that grabs one order's jobs together. */
    @Job(name = "shop::Ship")
    @TheSchwartzFunction(coalesce = "order")
    public abstract void ship(String order, int box);

    /** Nested data, as Perl sees it. */
    public record Item(String sku, List<Integer> sizes, Map<String, String> labels) {}

    @Job(name = "InteropWorker::Dump")
    public abstract void dump(int small, long big, double ratio, boolean flag, String missing, String text, Item item);
}
