package dev.errand.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The maintenance lease: at most one worker of all that share a store does maintenance at a time, a holder that
 * stops renewing loses it when its term ends, and one that resigns hands it over at once.
 */
public abstract class MaintenanceContract extends ContractArea {
    private static final Duration TERM = Duration.ofSeconds(30);
    private static final String A = "host-a:101:w1";
    private static final String B = "host-b:202:w1";

    protected MaintenanceContract(Function<BackendContext, Backend> factory) {
        super(factory);
    }

    @Test
    void theFirstWorker_leads_andAnotherDoesNot_whileTheTermRuns() {
        assertThat(backend.leadMaintenance(A, TERM)).isTrue();
        assertThat(backend.leadMaintenance(B, TERM)).isFalse();
        clock.advance(TERM.minusMillis(1));
        assertThat(backend.leadMaintenance(B, TERM))
                .as("1 ms before the term ends")
                .isFalse();
    }

    @Test
    void theHolder_keepsTheLease_byRenewingIt() {
        assertThat(backend.leadMaintenance(A, TERM)).isTrue();
        clock.advance(TERM.minusSeconds(10));
        assertThat(backend.leadMaintenance(A, TERM)).isTrue();
        clock.advance(TERM.minusSeconds(10)); // past the first term, within the renewed one

        assertThat(backend.leadMaintenance(B, TERM)).isFalse();
        assertThat(backend.leadMaintenance(A, TERM)).isTrue();
    }

    @Test
    void aHolderThatStopsRenewing_losesTheLeaseWhenItsTermEnds_andCannotTakeItBack() {
        assertThat(backend.leadMaintenance(A, TERM)).isTrue();
        clock.advance(TERM);

        assertThat(backend.leadMaintenance(B, TERM))
                .as("at the end of A's term")
                .isTrue();
        assertThat(backend.leadMaintenance(A, TERM)).as("A came back").isFalse();
        assertThat(backend.leadMaintenance(B, TERM)).isTrue();
    }

    @Test
    void aHolderThatResigns_handsTheLeaseOverAtOnce() {
        assertThat(backend.leadMaintenance(A, TERM)).isTrue();

        backend.resignMaintenance(A);

        assertThat(backend.leadMaintenance(B, TERM)).isTrue();
        assertThat(backend.leadMaintenance(A, TERM)).isFalse();
    }

    @Test
    void resigningALeaseOneDoesNotHold_changesNothing() {
        assertThat(backend.leadMaintenance(A, TERM)).isTrue();

        backend.resignMaintenance(B);

        assertThat(backend.leadMaintenance(B, TERM)).isFalse();
        assertThat(backend.leadMaintenance(A, TERM)).isTrue();
    }
}
