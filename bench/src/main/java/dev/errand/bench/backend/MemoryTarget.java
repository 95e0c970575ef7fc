package dev.errand.bench.backend;

import dev.errand.Errand;
import java.util.Map;

/** The in-process backend: no server; one Errand for producers and workers. */
final class MemoryTarget implements Target {
    @Override
    public String configPrefix() {
        return "memory";
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public String describe() {
        return "memory: in this JVM";
    }

    @Override
    public int scale() {
        return 10;
    }

    @Override
    public Session open(Map<String, String> properties) {
        Errand.ErrandBuilder b = Errand.builder().backend("memory").property("errand.memory.capacity", "3000000");
        properties.forEach(b::property);
        Errand errand = b.build();
        return new Session() {
            @Override
            public Errand client() {
                return errand;
            }

            @Override
            public Errand workers() {
                return errand;
            }

            @Override
            public void close() {
                errand.close();
            }
        };
    }

    @Override
    public Map<String, Long> roundTrips() {
        return Map.of();
    }

    @Override
    public void close() {
        // nothing runs outside the sessions
    }
}
