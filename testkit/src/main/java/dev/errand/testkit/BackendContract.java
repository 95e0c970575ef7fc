package dev.errand.testkit;

import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import java.sql.Connection;
import java.sql.SQLException;
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

    /**
     * Another backend on the store of the last one {@link #newBackend} made, as a second process
     * ({@code SHARED}) or the same process after a restart ({@code DURABLE}) would open it; null
     * when the test cannot make one, which fails the contract for a backend declaring either.
     */
    protected Backend sameStoreBackend(BackendContext context) {
        return null;
    }

    /**
     * A new connection to the database of the backend, for {@code TRANSACTIONAL_ENQUEUE}; null
     * when there is none, which fails the contract for a backend declaring it.
     */
    protected Connection connection() throws SQLException {
        return null;
    }

    /** Where the capability tests get a connection: {@link #connection}. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    @Nested
    class Enqueue extends EnqueueContract {
        Enqueue() {
            super(BackendContract.this::newBackend);
        }
    }

    @Nested
    class Claim extends ClaimContract {
        Claim() {
            super(BackendContract.this::newBackend);
        }
    }

    @Nested
    class Lifecycle extends LifecycleContract {
        Lifecycle() {
            super(BackendContract.this::newBackend);
        }
    }

    @Nested
    class CompleteAll extends CompleteAllContract {
        CompleteAll() {
            super(BackendContract.this::newBackend);
        }
    }

    @Nested
    class WakeUp extends WakeUpContract {
        WakeUp() {
            super(BackendContract.this::newBackend);
        }
    }

    @Nested
    class EndToEnd extends EndToEndContract {
        EndToEnd() {
            super(BackendContract.this::newBackend);
        }
    }

    @Nested
    class QueueStatistics extends QueueStatsContract {
        QueueStatistics() {
            super(BackendContract.this::newBackend);
        }
    }

    @Nested
    class DashboardReads extends DashboardReadsContract {
        DashboardReads() {
            super(BackendContract.this::newBackend);
        }
    }

    @Nested
    class Operations extends OperationsContract {
        Operations() {
            super(BackendContract.this::newBackend);
        }
    }

    @Nested
    class Pause extends PauseContract {
        Pause() {
            super(BackendContract.this::newBackend);
        }
    }

    @Nested
    class MaintenanceLease extends MaintenanceContract {
        MaintenanceLease() {
            super(BackendContract.this::newBackend);
        }
    }

    @Nested
    class Capabilities extends CapabilityContract {
        Capabilities() {
            super(
                    BackendContract.this::newBackend,
                    BackendContract.this::sameStoreBackend,
                    BackendContract.this::connection);
        }
    }

    @Nested
    class Recurring extends RecurringContract {
        Recurring() {
            super(BackendContract.this::newBackend, BackendContract.this::sameStoreBackend);
        }
    }

    @Nested
    class BadInput extends BadInputContract {
        BadInput() {
            super(BackendContract.this::newBackend);
        }
    }
}
