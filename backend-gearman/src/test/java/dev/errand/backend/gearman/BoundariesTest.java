package dev.errand.backend.gearman;

import dev.errand.testkit.BackendBoundaries;
import org.junit.jupiter.api.Test;

class BoundariesTest {
    @Test
    void buildsOnTheSpiAlone() {
        BackendBoundaries.check("dev.errand.backend.gearman");
    }
}
