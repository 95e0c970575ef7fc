package dev.errand.backend.jdbc.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClaimedRowTest {
    @Test
    void claimOrder_isHigherPriorityFirstThenEarlierRunAtThenLowerId_overTheWholeIntRange() {
        List<ClaimedRow> rows = new ArrayList<>(List.of(
                row(1, Integer.MIN_VALUE, 10),
                row(2, 0, 20),
                row(3, Integer.MAX_VALUE, 30),
                row(4, 0, 10),
                row(5, -1, 10),
                row(6, 0, 10)));
        rows.sort(ClaimedRow.CLAIM_ORDER);
        assertThat(rows).extracting(ClaimedRow::id).containsExactly(3L, 4L, 6L, 2L, 5L, 1L);
    }

    private static ClaimedRow row(long id, int priority, long runAt) {
        return new ClaimedRow(id, "noop", "q", priority, new byte[0], "f", 1, 3, 60_000, 0, runAt, null);
    }
}
