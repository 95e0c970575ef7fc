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

    static Errand errand(GearmandServer server) {
        return errand(server.address(), Map.of());
    }
}
