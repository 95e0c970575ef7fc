package dev.errand.opentelemetry;

import dev.errand.Job;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A job class that names nothing of OpenTelemetry, for a class path without it. */
public class Chores {
    public final List<String> done = new CopyOnWriteArrayList<>();

    @Job(queue = "chores")
    public void sweep(String room) {
        done.add(room);
    }
}
