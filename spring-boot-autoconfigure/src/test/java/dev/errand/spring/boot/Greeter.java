package dev.errand.spring.boot;

import dev.errand.Job;

/** A job class with a dependency, as a Spring bean gets it. */
public class Greeter {
    private final Greetings greetings;

    public Greeter(Greetings greetings) {
        this.greetings = greetings;
    }

    @Job(queue = "greetings")
    public void greet(String name) {
        greetings.add("hello " + name);
    }

    @Job(queue = "greetings")
    public void greetSlowly(String name, long millis) throws InterruptedException {
        greetings.add("started " + name);
        greetings.awaitRelease(millis);
        greetings.add("hello " + name);
    }
}
