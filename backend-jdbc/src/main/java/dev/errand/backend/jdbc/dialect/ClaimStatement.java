package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Claims due jobs in the caller's transaction: leases up to {@code max} of the best due jobs of
 * the queues (see {@link ClaimedRow#CLAIM_ORDER}) to {@code owner} until {@code leaseExpires}.
 * {@code FOR UPDATE SKIP LOCKED} means concurrent claimers never wait for each other and never
 * get the same job. Built by the {@link Dialect}; times are microseconds since the epoch.
 */
public sealed interface ClaimStatement permits OneStatementClaim, LockThenLeaseClaim {

    /** The leased jobs with their new attempt, in claim order. */
    List<ClaimedRow> claim(Connection c, Set<String> queues, int max, String owner, long now, long leaseExpires)
            throws SQLException;

    /**
     * The statements it sends, the one that picks the jobs first, without the settings PostgreSQL's claim is sent
     * after ({@link OneStatementClaim}); for tests, which EXPLAIN them.
     */
    List<String> statements();
}
