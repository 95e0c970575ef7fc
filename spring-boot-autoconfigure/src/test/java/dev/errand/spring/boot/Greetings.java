package dev.errand.spring.boot;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the greeter did, for the tests to read: a bean the job class gets injected. */
public class Greetings {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    void add(String line) {
        lines.add(line);
    }

    public List<String> lines() {
        return lines;
    }
}
