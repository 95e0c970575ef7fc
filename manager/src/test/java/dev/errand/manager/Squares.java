package dev.errand.manager;

import dev.errand.Job;

/** The jobs a child runs in {@link ChildProcessTest}. */
public class Squares {
    @Job(queue = "squares")
    public int square(int n) {
        return n * n;
    }
}
