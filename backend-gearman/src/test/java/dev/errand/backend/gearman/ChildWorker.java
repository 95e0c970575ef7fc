package dev.errand.backend.gearman;

import dev.errand.Errand;
import java.util.Map;

/** A Java worker in a JVM of its own, for the test that kills it: {@code ChildWorker HOST:PORT}; serves {@link Shop}. */
public final class ChildWorker {
    private ChildWorker() {}

    public static void main(String[] args) throws InterruptedException {
        Errand errand = GearmanFixture.errand(args[0], Map.of());
        errand.worker().register(new Shop()).threads(1).name("doomed").start();
        Thread.currentThread().join(); // until killed
    }
}
