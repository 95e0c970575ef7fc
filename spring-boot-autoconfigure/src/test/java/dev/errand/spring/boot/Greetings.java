package dev.errand.spring.boot;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** What the greeter did, for the tests to read: a bean the job class gets injected. */
public class Greetings {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    void add(String line) {
        lines.add(line);
    }

    public List<String> lines() {
        return lines;
    }

    private final CountDownLatch release = new CountDownLatch(1);

    /** Lets a held job finish. */
    void release() {
        release.countDown();
    }

    /** Holds a job until the test releases it, at most {@code millis}. */
    void awaitRelease(long millis) throws InterruptedException {
        release.await(millis, TimeUnit.MILLISECONDS);
    }
}
