package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.spi.ClaimedJob;
import dev.errand.testkit.NewJobs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A release wakes this backend's idle workers as an enqueue does. Where no notification comes (H2, MySQL) a waiter
 * would otherwise see the jobs at its next poll, and that is all {@code WakeUpContract}'s case can see there: its
 * polls come within a second. So this looks at the signal itself.
 */
class ReleaseSignalTest {
    @Test
    void releasingLeases_signalsTheIdleWorkers_releasingNone_doesNot() {
        JdbcSettings settings = TestDatabases.settings("jdbc:h2:mem:release_signal", null, null);
        try (HikariDataSource pool = TestDatabases.pool(settings);
                JdbcBackend backend = new JdbcBackend(settings, pool, Clock.systemUTC())) {
            backend.enqueue(List.of(NewJobs.at(Instant.now()).queue("q").build()));
            ClaimedJob claimed =
                    backend.claim(Set.of("q"), 1, "w", Duration.ofMinutes(1)).get(0);

            WorkSignals.Snapshot before = backend.signalsForTests(Set.of("q"));
            backend.release(List.of());
            assertThat(backend.signalsForTests(Set.of("q"))).isEqualTo(before);

            backend.release(List.of(claimed.lease()));
            assertThat(backend.signalsForTests(Set.of("q"))).isNotEqualTo(before);
        }
    }
}
