package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link ScheduledBacklogClaimCases} on a database that counts the rows a statement read, where the claim walks the
 * priorities one statement at a time (H2, MySQL): also what the walk sends.
 */
abstract class RowCountingBacklogCases extends ScheduledBacklogClaimCases {
    /** The rows the database read to run the claim of {@code max} jobs of {@code queue} ({@link #claim}). */
    abstract long rowsRead(String queue, int max) throws SQLException;

    /** The rows the database read to run one query with these parameters, rolled back. */
    abstract long rowsReadBy(String sql, Object... parameters) throws SQLException;

    /**
     * The claim's pick as it was before it walked the priorities: (queue, now, max) → ids, along the claim index in
     * claim order, dropping the jobs not yet due.
     */
    abstract String claimOrderPick();

    /** The statements the walk sends per priority it walks: the lock, the next priority's lookup, and any check. */
    abstract int statementsPerPriority();

    /**
     * About 3 rows per job: its index entry, its row by key, and the lock's own read; and a few per priority walked
     * (the lookups; "sprinkled" walks 6). Walking the jobs scheduled ahead of them reads thousands.
     */
    @Override
    void assertReadsAboutTheClaimedJobs(String queue, int max) throws SQLException {
        assertThat(rowsRead(queue, max)).as(queue).isLessThanOrEqualTo(3L * max + 100);
    }

    @Override
    void assertReadsAlmostNothing(String queue) throws SQLException {
        assertThat(rowsRead(queue, CLAIM)).as(queue).isLessThanOrEqualTo(10);
    }

    /** The control: the count sees a read of the jobs scheduled ahead, as the claim did before it walked priorities. */
    @Test
    void theCount_seesAPickThatReadsTheScheduledBacklog() throws SQLException {
        assertThat(rowsReadBy(claimOrderPick(), "mixed", NOW, CLAIM)).isGreaterThanOrEqualTo(SCHEDULED);
    }

    /** After 16 priorities the walk reads the rest in claim order, rather than look up 40 one at a time. */
    @Test
    void aWalkOverManyPriorities_endsInOneClaimOrderRead() throws SQLException {
        assertThat(queriesSent("many", CLAIM)).isLessThanOrEqualTo(2 + 16 * statementsPerPriority());
    }

    /** The queries the claim of {@code max} jobs of {@code queue} sent, rolled back. */
    int queriesSent(String queue, int max) throws SQLException {
        return recordedClaim(queue, max).all().size();
    }

    /** The claim of {@code max} jobs of {@code queue}, rolled back, with the queries it sent. */
    RecordedQueries recordedClaim(String queue, int max) throws SQLException {
        RecordedQueries queries = new RecordedQueries();
        try (Connection c = pool.getConnection()) {
            claim(queries.recording(c), Set.of(queue), max);
        }
        assertThat(queries.all()).as("the claim's queries, recorded").isNotEmpty();
        return queries;
    }
}
