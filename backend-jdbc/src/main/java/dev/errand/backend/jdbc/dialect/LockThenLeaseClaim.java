package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * MySQL/MariaDB and H2: per queue, {@code SELECT ... FOR UPDATE SKIP LOCKED} locks that queue's best candidates, then
 * one batch leases the best {@code max} of them; the commit unlocks the others.
 *
 * <p>A queue's candidates come from a {@link PriorityWalk}: a probe leaves a queue with nothing due at once, then each
 * priority's due jobs, highest first, are a range of the claim index ({@code run_at <= now}). So a claim does not read
 * the jobs scheduled for later: neither those of a higher priority than the due ones nor those of a queue with none
 * due. Walking the index in claim order and dropping what is not yet due read every one of them on every claim, and an
 * idle worker claims after each enqueue to its queues. After {@value #MOST_PRIORITIES_WALKED} priorities the walk reads
 * the rest in claim order, so a queue whose jobs have many priorities costs at most that many lookups more than the
 * claim-order walk.
 */
final class LockThenLeaseClaim implements ClaimStatement {
    /**
     * The most priorities a queue's walk looks up one at a time (Oban has 10, River 4, Sidekiq none): each costs a
     * statement, which beyond this would cost more than reading jobs scheduled ahead.
     */
    static final int MOST_PRIORITIES_WALKED = 16;

    private final PriorityWalk walk;
    private final String lease;
    /** The most jobs one lock-and-lease step takes; a larger claim takes several steps in its transaction. */
    private final int stepSize;

    /** The walk's lock statements give the job columns with the attempt before the claim. */
    LockThenLeaseClaim(TableNames tables, PriorityWalk walk, int stepSize) {
        this.walk = walk;
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
        try (PreparedStatement probe = c.prepareStatement(walk.firstProbe());
                PreparedStatement lockAt = c.prepareStatement(walk.lockAtPriority())) {
            for (String queue : new TreeSet<>(queues)) {
                walkQueue(c, probe, lockAt, queue, max, now, candidates);
            }
        }
        return candidates;
    }

    /** Adds up to {@code max} locked candidates of {@code queue}, priority by priority, highest first. */
    private void walkQueue(
            Connection c,
            PreparedStatement probe,
            PreparedStatement lockAt,
            String queue,
            int max,
            long now,
            List<ClaimedRow> candidates)
            throws SQLException {
        long key;
        probe.setString(1, queue);
        probe.setString(2, queue);
        try (ResultSet rs = probe.executeQuery()) {
            rs.next();
            long earliest = rs.getLong(1);
            if (rs.wasNull() || earliest > now) {
                return; // nothing waits, or nothing is due yet
            }
            key = rs.getLong(2);
        }
        int found = 0;
        for (int walked = 1; ; walked++) {
            if (walked > MOST_PRIORITIES_WALKED) {
                try (PreparedStatement lockFrom = c.prepareStatement(walk.lockFromPriority())) {
                    candidates.addAll(lock(lockFrom, queue, key, now, max - found));
                }
                return;
            }
            List<ClaimedRow> locked = lock(lockAt, queue, key, now, max - found);
            candidates.addAll(locked);
            found += locked.size();
            if (found >= max) {
                return;
            }
            Long next = nextPriority(c, queue, key);
            if (next == null) {
                return;
            }
            key = next;
        }
    }

    private static List<ClaimedRow> lock(PreparedStatement ps, String queue, long key, long now, int max)
            throws SQLException {
        ps.setString(1, queue);
        ps.setLong(2, key);
        ps.setLong(3, now);
        ps.setInt(4, max);
        return ClaimedRow.query(ps, 1);
    }

    /** The key of the next lower priority with a waiting job in {@code queue}, or null. */
    private Long nextPriority(Connection c, String queue, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(walk.nextPriority())) {
            ps.setString(1, queue);
            ps.setLong(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
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
        List<String> statements = new ArrayList<>(walk.statements());
        statements.add(lease);
        return statements;
    }
}
