package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
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
 * idle worker claims after each enqueue to its queues. Each priority walked costs two statements (its lock and the
 * lookup of the next one; on H2 a third when the lock comes back short, see {@link Walk#othersHoldSome}), so the walk
 * is bounded: after {@value #MOST_PRIORITIES_WALKED} priorities it locks the rest in claim order, as the claim did
 * before.
 */
final class LockThenLeaseClaim implements ClaimStatement {
    /**
     * The most priorities a queue's walk looks up one at a time. Job queues keep priorities few (Oban has 10 levels,
     * River 4); a queue with more pays at most 2 × 16 + 2 statements per claim step (3 × 16 + 2 on H2), and reads the
     * jobs scheduled ahead among its lower priorities. Not fewer when the priorities walked had due jobs: a few due
     * jobs at each of several priorities above a scheduled backlog would otherwise read that backlog on every claim.
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
        try (Walk walker = new Walk(c, walk)) {
            for (String queue : new TreeSet<>(queues)) {
                candidates.addAll(walkQueue(walker, queue, max, now));
            }
        }
        return candidates;
    }

    /** Up to {@code max} locked candidates of {@code queue}, priority by priority, highest first. */
    private static List<ClaimedRow> walkQueue(Walk walker, String queue, int max, long now) throws SQLException {
        Long key = walker.highestPriorityWhenDue(queue, now);
        if (key == null) {
            return List.of(); // nothing waits, or nothing is due yet
        }
        List<ClaimedRow> locked = new ArrayList<>();
        for (int walked = 0; walked < MOST_PRIORITIES_WALKED; walked++) {
            int want = max - locked.size();
            List<ClaimedRow> some = walker.lockAt(queue, key, now, want);
            locked.addAll(some);
            if (some.size() == want || walker.othersHoldSome(queue, key, now, want)) {
                return locked;
            }
            key = walker.nextPriority(queue, key);
            if (key == null) {
                return locked;
            }
        }
        locked.addAll(walker.lockFrom(queue, key, now, max - locked.size()));
        return locked;
    }

    /** The statements of one claim step's walks, each prepared once when first needed. */
    private static final class Walk implements AutoCloseable {
        private final Connection c;
        private final PriorityWalk sql;
        private PreparedStatement probe;
        private PreparedStatement lockAt;
        private PreparedStatement next;
        private PreparedStatement lockFrom;
        private PreparedStatement countPicked;

        Walk(Connection c, PriorityWalk sql) {
            this.c = c;
            this.sql = sql;
        }

        /** The key of the highest priority with a waiting job, when some waiting job of the queue is due; else null. */
        Long highestPriorityWhenDue(String queue, long now) throws SQLException {
            probe = prepared(probe, sql.firstProbe());
            probe.setString(1, queue);
            probe.setString(2, queue);
            try (ResultSet rs = probe.executeQuery()) {
                rs.next();
                long earliest = rs.getLong(1);
                return rs.wasNull() || earliest > now ? null : rs.getLong(2);
            }
        }

        List<ClaimedRow> lockAt(String queue, long key, long now, int max) throws SQLException {
            lockAt = prepared(lockAt, sql.lockAtPriority());
            return ClaimedRow.query(bind(lockAt, queue, key, now, max), 1);
        }

        List<ClaimedRow> lockFrom(String queue, long key, long now, int max) throws SQLException {
            lockFrom = prepared(lockFrom, sql.lockFromPriority());
            return ClaimedRow.query(bind(lockFrom, queue, key, now, max), 1);
        }

        /**
         * True when a lock of this priority that came back with fewer than {@code max} jobs did so because other
         * claimers hold some of the jobs it picked, not because the priority has no more due: its pick was full. Only
         * where a lock picks before it skips locked rows ({@link PriorityWalk#countPicked}); the walk then ends for
         * this queue, as a claim that meets held jobs did before, rather than move on to lower priorities while due
         * jobs of this one wait behind the held ones.
         */
        boolean othersHoldSome(String queue, long key, long now, int max) throws SQLException {
            if (sql.countPicked() == null) {
                return false;
            }
            countPicked = prepared(countPicked, sql.countPicked());
            try (ResultSet rs = bind(countPicked, queue, key, now, max).executeQuery()) {
                rs.next();
                return rs.getInt(1) >= max;
            }
        }

        /** The key of the next lower priority with a waiting job in {@code queue}, or null. */
        Long nextPriority(String queue, long key) throws SQLException {
            next = prepared(next, sql.nextPriority());
            next.setString(1, queue);
            next.setLong(2, key);
            try (ResultSet rs = next.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }

        private PreparedStatement prepared(PreparedStatement ps, String statement) throws SQLException {
            return ps != null ? ps : c.prepareStatement(statement);
        }

        private static PreparedStatement bind(PreparedStatement ps, String queue, long key, long now, int max)
                throws SQLException {
            ps.setString(1, queue);
            ps.setLong(2, key);
            ps.setLong(3, now);
            ps.setInt(4, max);
            return ps;
        }

        @Override
        public void close() throws SQLException {
            SQLException failure = null;
            for (PreparedStatement ps : Arrays.asList(probe, lockAt, next, lockFrom, countPicked)) {
                try {
                    if (ps != null) {
                        ps.close();
                    }
                } catch (SQLException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
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
