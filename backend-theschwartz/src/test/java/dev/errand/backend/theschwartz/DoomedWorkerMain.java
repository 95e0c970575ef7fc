package dev.errand.backend.theschwartz;

import dev.errand.Errand;
import dev.errand.worker.Worker;
import java.time.Duration;

/**
 * A Java worker JVM that the test kills with SIGKILL while it runs a job: {@code DoomedWorkerMain <url> <user>
 * <password>}. Its {@code fleet::Count} job prints {@code STARTED <n>} and waits for ever.
 */
public final class DoomedWorkerMain {
    static final String DOOMED = "theschwartz.test.doomed";

    private DoomedWorkerMain() {}

    public static void main(String[] args) throws Exception {
        System.setProperty(DOOMED, "true");
        try (Errand errand = Errand.builder()
                        .backend("theschwartz")
                        .property("errand.theschwartz.url", args[0])
                        .property("errand.theschwartz.username", args[1])
                        .property("errand.theschwartz.password", args[2])
                        .build();
                Worker worker = errand.worker()
                        .register(new Shop())
                        .lease(Duration.ofSeconds(3))
                        .name("doomed")
                        .start()) {
            Shop.never.await();
        }
    }
}
