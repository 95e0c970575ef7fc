package dev.errand.backend.theschwartz;

import dev.errand.testkit.BackendBoundaries;
import org.junit.jupiter.api.Test;

class BoundariesTest {
    @Test
    void buildsOnTheSpiAlone() {
        BackendBoundaries.check("dev.errand.backend.theschwartz");
    }
}
