package dev.errand.backend.gearman;

import dev.errand.Job;

/** Functions served by a Perl {@code Gearman::Worker} or by {@code gearman -w}, declared only so Errand generates typed stubs. */
public abstract class PerlShop {
    public record Greeting(String text) {}

    @Job(name = "perl::reverse")
    public abstract String reverse(String text);

    /** A second Java view of perl::reverse: bytes in, bytes out. */
    @Job(name = "perl::reverse.bytes")
    @GearmanFunction(name = "perl::reverse")
    public abstract byte[] reverseBytes(byte[] data);

    @Job(name = "perl::sleep")
    public abstract String sleep(String millis);

    @Job(name = "perl::append")
    public abstract void append(String line);

    @Job(name = "perl::count")
    public abstract String count(String what);

    @Job(name = "perl::hello")
    public abstract Greeting hello(String name, int times);

    @Job(name = "late::count")
    public abstract String lateCount(String what);

    @Job(name = "prio::append")
    public abstract void prioAppend(String line);

    /** Served by protocol/perl_worker.pl with prefix {@code dies}: the Perl worker dies on it. */
    @Job(name = "dies_fail")
    public abstract String perlDies(String text);

    @Job(name = "c::rev")
    public abstract String rev(String text);

    @Job(name = "c::fail")
    public abstract String fail(String text);

    /** Nobody serves it while the test looks: its jobs stay queued. */
    @Job(name = "nobody::home")
    public abstract String unserved(String text);
}
