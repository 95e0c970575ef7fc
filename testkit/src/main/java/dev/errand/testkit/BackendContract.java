package dev.errand.testkit;

import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import org.junit.jupiter.api.Nested;

/**
 * The backend contract: every backend runs this suite unchanged, like a TCK. A backend's test
 * is one small subclass:
 *
 * <pre>{@code
 * class MemoryBackendTest extends BackendContract {
 *     protected Backend newBackend(BackendContext context) { return new MemoryBackend(context); }
 * }
 * }</pre>
 *
 * Each area is a nested class, so a report reads "Claim > claim_respectsMax".
 */
public abstract class BackendContract {

    /** A new backend over an empty store, using the context's clock for every time. */
    protected abstract Backend newBackend(BackendContext context);

    @Nested
    class Enqueue extends EnqueueContract {
        Enqueue() { super(BackendContract.this::newBackend); }
    }

    @Nested
    class Claim extends ClaimContract {
        Claim() { super(BackendContract.this::newBackend); }
    }

    @Nested
    class Lifecycle extends LifecycleContract {
        Lifecycle() { super(BackendContract.this::newBackend); }
    }

    @Nested
    class CompleteAll extends CompleteAllContract {
        CompleteAll() { super(BackendContract.this::newBackend); }
    }

    @Nested
    class WakeUp extends WakeUpContract {
        WakeUp() { super(BackendContract.this::newBackend); }
    }

    @Nested
    class EndToEnd extends EndToEndContract {
        EndToEnd() { super(BackendContract.this::newBackend); }
    }

    @Nested
    class QueueStatistics extends QueueStatsContract {
        QueueStatistics() { super(BackendContract.this::newBackend); }
    }

    @Nested
    class MaintenanceLease extends MaintenanceContract {
        MaintenanceLease() { super(BackendContract.this::newBackend); }
    }

    @Nested
    class BadInput extends BadInputContract {
        BadInput() { super(BackendContract.this::newBackend); }
    }
}
