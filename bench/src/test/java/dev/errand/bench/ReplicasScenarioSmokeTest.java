package dev.errand.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The replicas scenario end to end on real servers (a Redis master and replica, a PostgreSQL primary and synchronous
 * standby, and each alone), small: every setup gets a row with its share of the baseline. Asserts no timing.
 */
@Tag("slow")
class ReplicasScenarioSmokeTest {

    @Test
    void smallRun_yieldsARowPerSetup_withTheBaselineAsTheUnit() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ReplicasScenario.main(
                new String[] {"--n=1000", "--single=100", "--threads=4", "--rounds=1"},
                new PrintStream(progress, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table.lines().filter(l -> l.matches("\\| (master|primary) .*\\|")))
                .as(progress.toString(StandardCharsets.UTF_8))
                .hasSize(6);
        assertThat(table)
                .containsPattern("\\| master alone \\| [0-9,]+ \\(1\\.00×\\) .*\\(1\\.00×\\) .*\\(1\\.00×\\) ")
                .contains("| master + replica, waitReplicas=1 |")
                .contains("| primary + standby, synchronous_commit=on (synchronous) |");
    }

    @Test
    void unknownOption_isRefusedByName() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ReplicasScenario.main(new String[] {"--replicas=2"}, System.err, System.out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option '--replicas=2' for replicas");
    }
}
