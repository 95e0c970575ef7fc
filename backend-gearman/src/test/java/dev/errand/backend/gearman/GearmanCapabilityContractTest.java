package dev.errand.backend.gearman;

import dev.errand.testkit.CapabilityContract;
import org.junit.jupiter.api.AfterEach;

/**
 * The contract's capability area on Gearman: it yields a test for each capability the backend declares
 * ({@code SHARED}, {@code RESULTS}, {@code CANCEL}) and none for the others. Each test gets a gearmand of its own.
 */
class GearmanCapabilityContractTest extends CapabilityContract {
    GearmanCapabilityContractTest() {
        super(GearmandPerTest::newBackend, GearmandPerTest::sameStore, () -> null);
    }

    @AfterEach
    void stopGearmand() {
        GearmandPerTest.stopAll();
    }
}
