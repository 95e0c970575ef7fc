package dev.errand.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

/** {@link ScheduledBacklogClaimCases} on a database that counts the rows a claim read ({@link #rowsRead}). */
abstract class RowCountingBacklogCases extends ScheduledBacklogClaimCases {
    /** The rows the database read to run the claim of {@code max} jobs of {@code queue} ({@link #claim}). */
    abstract long rowsRead(String queue, int max) throws SQLException;

    /**
     * About 3 rows per job: its index entry, its row by key, and the lock's own read; and a few lookups. Walking the
     * {@value #SCHEDULED} jobs scheduled ahead of them reads that many.
     */
    @Override
    void assertReadsAboutTheClaimedJobs(String queue, int max) throws SQLException {
        assertThat(rowsRead(queue, max)).as(queue).isLessThanOrEqualTo(3L * max + 50);
    }

    @Override
    void assertReadsAlmostNothing(String queue) throws SQLException {
        assertThat(rowsRead(queue, CLAIM)).as(queue).isLessThanOrEqualTo(10);
    }
}
