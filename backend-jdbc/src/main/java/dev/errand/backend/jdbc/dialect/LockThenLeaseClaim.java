package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * MySQL/MariaDB and H2: one {@code SELECT ... FOR UPDATE SKIP LOCKED} per queue locks that queue's
 * best candidates, then one batch leases the best {@code max} of them; the commit unlocks the
 * others.
 */
final class LockThenLeaseClaim implements ClaimStatement {
    private final String lockCandidates;
    private final String lease;
    /** The most jobs one lock-and-lease step takes; a larger claim takes several steps in its transaction. */
    private final int stepSize;

    /**
     * {@code lockCandidates}: (queue, now, max) → job columns with the attempt before the claim,
     * locked, best first.
     */
    LockThenLeaseClaim(TableNames tables, String lockCandidates, int stepSize) {
        this.lockCandidates = lockCandidates;
        this.stepSize = stepSize;
        this.lease = tables.expand("""
                UPDATE {prefix}jobs
                   SET state = 'RUNNING', attempt = attempt + 1, lease_owner = ?, lease_expires_at = ?
                 WHERE id = ? AND state = 'AVAILABLE'""");
    }

    @Override
    public List<ClaimedRow> claim(Connection c, Set<String> queues, int max, String owner, long now, long leaseExpires)
            throws SQLException {
        if (max <= stepSize) {
            return step(c, queues, max, owner, now, leaseExpires);
        }
        // Each step's leased jobs are RUNNING to the next step's query in the same transaction, so it takes the next
        // best; candidates a step locked and left stay locked by this transaction and may be taken by a later one.
        List<ClaimedRow> claimed = new ArrayList<>();
        while (claimed.size() < max) {
            int want = Math.min(stepSize, max - claimed.size());
            List<ClaimedRow> more = step(c, queues, want, owner, now, leaseExpires);
            claimed.addAll(more);
            if (more.size() < want) {
                break;
            }
        }
        claimed.sort(ClaimedRow.CLAIM_ORDER);
        return claimed;
    }

    /** Locks up to {@code max} candidates of each queue and leases the best {@code max} of them. */
    private List<ClaimedRow> step(Connection c, Set<String> queues, int max, String owner, long now, long leaseExpires)
            throws SQLException {
        List<ClaimedRow> candidates = lockCandidates(c, queues, max, now);
        if (candidates.isEmpty()) {
            return candidates;
        }
        if (candidates.size() > max) {
            candidates.sort(ClaimedRow.CLAIM_ORDER);
            candidates = new ArrayList<>(candidates.subList(0, max));
        }
        lease(c, candidates, owner, leaseExpires);
        candidates.sort(ClaimedRow.CLAIM_ORDER);
        return candidates;
    }

    /** Up to {@code max} locked candidates of each queue. */
    private List<ClaimedRow> lockCandidates(Connection c, Set<String> queues, int max, long now) throws SQLException {
        List<ClaimedRow> candidates = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(lockCandidates)) {
            for (String queue : new TreeSet<>(queues)) {
                ps.setString(1, queue);
                ps.setLong(2, now);
                ps.setInt(3, max);
                candidates.addAll(ClaimedRow.query(ps, 1));
            }
        }
        return candidates;
    }

    private void lease(Connection c, List<ClaimedRow> locked, String owner, long leaseExpires) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(lease)) {
            for (ClaimedRow r : locked) {
                ps.setString(1, owner);
                ps.setLong(2, leaseExpires);
                ps.setLong(3, r.id());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    throw new IllegalStateException("job " + locked.get(i).id() + " was locked for this claim but "
                            + "could not be leased; another transaction changed it despite the row lock");
                }
            }
        }
    }

    @Override
    public List<String> statements() {
        return List.of(lockCandidates, lease);
    }
}
