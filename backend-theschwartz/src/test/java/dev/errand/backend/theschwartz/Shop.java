package dev.errand.backend.theschwartz;

import dev.errand.Job;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Java workers for functions that Perl clients insert. */
public class Shop {
    /** Who, as the Perl client nests it. */
    public record Who(String name, int since) {}

    /** One run of shop::Audit, with the arguments as Java received them. */
    public record Audit(int id, long amount, String note, List<String> tags, Who who, String raw) {}

    static final List<Audit> audits = new CopyOnWriteArrayList<>();
    static final List<Integer> counted = new CopyOnWriteArrayList<>();
    static final Map<Integer, Integer> failures = new ConcurrentHashMap<>();

    @Job(name = "shop::Audit", maxAttempts = 1)
    public void audit(int id, long amount, String note, List<String> tags, Who who, String raw) {
        audits.add(new Audit(id, amount, note, tags, who, raw));
    }

    /** Set in a worker JVM that the test kills while it runs a job ({@link DoomedWorkerMain}). */
    static final CountDownLatch never = new CountDownLatch(1);

    @Job(name = "fleet::Count")
    public void count(int n) throws InterruptedException {
        if (Boolean.getBoolean(DoomedWorkerMain.DOOMED)) {
            System.out.println("STARTED " + n);
            System.out.flush();
            never.await(); // until the test kills this JVM
        }
        counted.add(n);
    }

    /** A job with a result, which TheSchwartz cannot store. */
    @Job(name = "shop::Total")
    public int total(int a, int b) {
        return a + b;
    }

    @Job(name = "shop::Refuse", maxAttempts = 2)
    public void refuse(int order) {
        failures.merge(order, 1, Integer::sum);
        throw new IllegalStateException("order " + order + " is refused \u263a");
    }
}
