package dev.errand.testkit;

import dev.errand.Errand;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.worker.Worker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A contract area that runs real workers on the real clock: a client on the backend under test, the
 * {@link TckService} and its generated stub, and the workers a test started, closed after it.
 */
public abstract class RealClockArea extends ContractArea {
    protected Errand errand;
    protected TckService service;
    protected TckServiceJobs jobs;
    /** Workers to close after the test. */
    protected final List<Worker> workers = new ArrayList<>();

    protected RealClockArea(Function<BackendContext, Backend> factory) {
        super(factory);
    }

    @Override
    protected Clock backendClock() {
        return Clock.systemUTC();
    }

    @BeforeEach
    void openClient() {
        errand = Errand.builder().backend(backend).build();
        service = new TckService();
        jobs = new TckServiceJobs(errand);
    }

    @AfterEach
    void stopWorkers() {
        service.release.countDown();
        workers.forEach(Worker::close);
    }
}
