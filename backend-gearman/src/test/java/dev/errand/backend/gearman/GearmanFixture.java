package dev.errand.backend.gearman;

import dev.errand.Errand;
import dev.errand.testservers.GearmandServer;
import java.util.Map;

/** An Errand client on the gearman backend of a real gearmand. */
final class GearmanFixture {
    private GearmanFixture() {}

    static Errand errand(String servers, Map<String, String> more) {
        Errand.ErrandBuilder b = Errand.builder()
                .backend("gearman")
                .property("errand.gearman.servers", servers)
                .property("errand.gearman.worker.maxInlineBackoff", "50ms")
                .property("errand.worker.retryBackoff", "10ms");
        more.forEach(b::property);
        return b.build();
    }

    /** A timing listener that adds each line to {@code lines}, under its lock. */
    static java.util.function.Consumer<String> collect(java.util.List<String> lines) {
        return line -> {
            synchronized (lines) {
                lines.add(line);
            }
        };
    }

    /** A worker of {@code threads} threads serving {@code jobs}, whose timing lines go to {@code timing}. */
    static dev.errand.worker.Worker timedWorker(
            Errand errand, Object jobs, int threads, java.util.List<String> timing) {
        return errand.worker()
                .register(jobs)
                .threads(threads)
                .timingListener(collect(timing))
                .start();
    }

    static Errand errand(GearmandServer server) {
        return errand(server.address(), Map.of());
    }
}
