package dev.errand.backend.theschwartz;

import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.BadInputContract;
import dev.errand.testkit.CapabilityContract;
import dev.errand.testkit.ClaimContract;
import dev.errand.testkit.CompleteAllContract;
import dev.errand.testkit.ContractTrait;
import dev.errand.testkit.EndToEndContract;
import dev.errand.testkit.EnqueueContract;
import dev.errand.testkit.LifecycleContract;
import dev.errand.testkit.QueueStatsContract;
import dev.errand.testkit.WakeUpContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import org.junit.jupiter.api.Nested;

/**
 * The backend contract's areas that apply to TheSchwartz's tables, gated by the capabilities the backend declares and
 * by its {@link ContractTrait traits} (docs/theschwartz.md, "The contract"). Left out, because TheSchwartz has no table
 * for them and the backend refuses them by name: recurring schedules, the operator commands (list, retry, delete,
 * pause, finished counts, arguments) and the maintenance leader lease (its maintenance, deleting old error and
 * exitstatus rows, is safe to run in every worker, as Perl workers do).
 */
abstract class TheSchwartzContract {
    /** What docs/theschwartz.md says differs from Errand's own model. */
    static final Set<ContractTrait> TRAITS = Set.of(
            ContractTrait.REGISTRATION_DEFINES_JOBS,
            ContractTrait.EXPIRED_LEASES_NOT_COUNTED,
            ContractTrait.ERRORS_WITHOUT_TRACE,
            ContractTrait.NARROW_PRIORITIES);

    /** A backend over freshly made, empty TheSchwartz tables. */
    protected abstract Backend newBackend(BackendContext context);

    /** Another backend on the tables of the last {@link #newBackend}. */
    protected abstract Backend sameStoreBackend(BackendContext context);

    /** A connection to the database of the last {@link #newBackend}. */
    protected abstract Connection connection() throws SQLException;

    @Nested
    class Enqueue extends EnqueueContract {
        Enqueue() {
            super(TheSchwartzContract.this::newBackend);
        }

        @Override
        protected Set<ContractTrait> traits() {
            return TRAITS;
        }
    }

    @Nested
    class Claim extends ClaimContract {
        Claim() {
            super(TheSchwartzContract.this::newBackend);
        }

        @Override
        protected Set<ContractTrait> traits() {
            return TRAITS;
        }
    }

    @Nested
    class Lifecycle extends LifecycleContract {
        Lifecycle() {
            super(TheSchwartzContract.this::newBackend);
        }

        @Override
        protected Set<ContractTrait> traits() {
            return TRAITS;
        }
    }

    @Nested
    class CompleteAll extends CompleteAllContract {
        CompleteAll() {
            super(TheSchwartzContract.this::newBackend);
        }

        @Override
        protected Set<ContractTrait> traits() {
            return TRAITS;
        }
    }

    @Nested
    class WakeUp extends WakeUpContract {
        WakeUp() {
            super(TheSchwartzContract.this::newBackend);
        }

        @Override
        protected Set<ContractTrait> traits() {
            return TRAITS;
        }
    }

    @Nested
    class EndToEnd extends EndToEndContract {
        EndToEnd() {
            super(TheSchwartzContract.this::newBackend);
        }

        @Override
        protected Set<ContractTrait> traits() {
            return TRAITS;
        }
    }

    @Nested
    class QueueStatistics extends QueueStatsContract {
        QueueStatistics() {
            super(TheSchwartzContract.this::newBackend);
        }

        @Override
        protected Set<ContractTrait> traits() {
            return TRAITS;
        }
    }

    @Nested
    class Capabilities extends CapabilityContract {
        Capabilities() {
            super(
                    TheSchwartzContract.this::newBackend,
                    TheSchwartzContract.this::sameStoreBackend,
                    TheSchwartzContract.this::connection);
        }

        @Override
        protected Set<ContractTrait> traits() {
            return TRAITS;
        }
    }

    @Nested
    class BadInput extends BadInputContract {
        BadInput() {
            super(TheSchwartzContract.this::newBackend);
        }

        @Override
        protected Set<ContractTrait> traits() {
            return TRAITS;
        }
    }
}
