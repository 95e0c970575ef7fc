package dev.errand.backend.theschwartz;

import dev.errand.Job;
import dev.errand.backend.theschwartz.TheSchwartzFunction.Arg;

/** Functions that Perl workers serve (ts_worker.pl dumpfn), each with its {@code arg} in one shape. */
public abstract class PerlShapes {
    /** A hash, where AUTO would write the one string plainly. */
    @Job(name = "shapes::Hash")
    @TheSchwartzFunction(arg = Arg.HASH)
    public abstract void hash(String name);

    /** A second Java view of shapes::Hash, as {@code @Job} names are unique. */
    @Job(name = "shapes.hashAgain")
    @TheSchwartzFunction(name = "shapes::Hash", arg = Arg.HASH)
    public abstract void hashAgain(String name);

    @Job(name = "shapes::Array")
    @TheSchwartzFunction(arg = Arg.ARRAY)
    public abstract void array(String name, long count);

    @Job(name = "shapes::Value")
    @TheSchwartzFunction(arg = Arg.VALUE)
    public abstract void value(int count);

    @Job(name = "shapes::Raw")
    @TheSchwartzFunction(arg = Arg.RAW)
    public abstract void raw(byte[] data);

    @Job(name = "shapes::Json")
    @TheSchwartzFunction(arg = Arg.JSON)
    public abstract void json(String name, int count);
}
