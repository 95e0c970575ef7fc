package dev.errand.backend.theschwartz;

import dev.errand.Job;
import dev.errand.backend.theschwartz.TheSchwartzFunction.Arg;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Java workers for functions whose {@code arg} Perl clients shape as each {@link Arg} says. */
public class Shapes {
    /** One run: the method's tag and the arguments as Java received them. */
    static final List<List<Object>> runs = new CopyOnWriteArrayList<>();

    @Job(name = "shapes::InHash", maxAttempts = 1)
    @TheSchwartzFunction(arg = Arg.HASH)
    public void inHash(String name) {
        runs.add(List.of("hash", name));
    }

    @Job(name = "shapes::InArray", maxAttempts = 1)
    @TheSchwartzFunction(arg = Arg.ARRAY)
    public void inArray(String name, int count) {
        runs.add(List.of("array", name, count));
    }

    /** The whole hash, even one whose only key is the parameter's name (AUTO would bind that key's value). */
    @Job(name = "shapes::InValue", maxAttempts = 1)
    @TheSchwartzFunction(arg = Arg.VALUE)
    public void inValue(Map<String, Integer> counts) {
        runs.add(List.of("value", counts));
    }

    @Job(name = "shapes::InRaw", maxAttempts = 1)
    @TheSchwartzFunction(arg = Arg.RAW)
    public void inRaw(String text) {
        runs.add(List.of("raw", text));
    }

    @Job(name = "shapes::InJson", maxAttempts = 1)
    @TheSchwartzFunction(arg = Arg.JSON)
    public void inJson(String name, int count) {
        runs.add(List.of("json", name, count));
    }

    /** Served under another function name than the job's. */
    @Job(name = "shapes.alias", maxAttempts = 1)
    @TheSchwartzFunction(name = "shapes::Alias", arg = Arg.HASH)
    public void alias(String name) {
        runs.add(List.of("alias", name));
    }
}
