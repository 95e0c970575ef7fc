package dev.errand.backend.gearman;

import dev.errand.testkit.EndToEndContract;
import org.junit.jupiter.api.AfterEach;

/**
 * The contract's end-to-end area on Gearman: stub, client, gearmand, worker, dispatcher and back, on the real clock. It
 * runs what the backend's capabilities allow ({@code RESULTS}: calls, submitAll, settleAll, retries, many producers,
 * the timing line, a long job not redelivered); the tests that need {@code BACKGROUND_OUTCOMES}, {@code QUEUES} or
 * {@code SCHEDULING} yield none. Each test gets a gearmand of its own.
 */
class GearmanEndToEndContractTest extends EndToEndContract {
    GearmanEndToEndContractTest() {
        super(GearmandPerTest::newBackend);
    }

    @AfterEach
    void stopGearmand() {
        GearmandPerTest.stopAll();
    }
}
