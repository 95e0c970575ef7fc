package dev.errand.backend.jdbc.dialect;

import java.util.ArrayList;
import java.util.List;

/**
 * The statements with which {@link LockThenLeaseClaim} walks one queue's claim index a priority at a time, in the
 * dialect's SQL. Each names a priority by the dialect's key for it, the column the claim index orders on ({@code
 * priority} on H2, {@code priority_rank = -1 - priority} on MySQL), and compares keys in that index's order, so the walk
 * itself never looks at what a key means.
 *
 * @param lockAtPriority (queue, key, now, max) → up to {@code max} due jobs of that priority, best first, locked
 *     ({@code FOR UPDATE SKIP LOCKED}): a range of the claim index, {@code run_at <= now}
 * @param lockFromPriority (queue, key, now, max) → the same over that priority and every lower one: the claim index in
 *     claim order, dropping the jobs not yet due, for a walk that met too many priorities
 * @param firstProbe (queue, queue) → one row: the earliest {@code run_at} of the queue's waiting jobs (null when none
 *     waits) and the key of their highest priority; two index lookups
 * @param nextPriority (queue, key) → the key of the next lower priority that has a waiting job, or no row; one index
 *     lookup (on H2 only in the form {@code priority <= key - 1}: see {@link H2Dialect})
 * @param countPicked (queue, key, now, max) → how many jobs the lock at that priority picks before it skips those other
 *     claimers hold; null where the lock skips them while it picks (MySQL's {@code SKIP LOCKED ... LIMIT} reads on past
 *     them), so that a lock that came back short there always means the priority has no more due
 */
record PriorityWalk(
        String lockAtPriority, String lockFromPriority, String firstProbe, String nextPriority, String countPicked) {
    /** Its statements, the one that picks the jobs first, as {@link ClaimStatement#statements()} lists them. */
    List<String> statements() {
        List<String> statements = new ArrayList<>(List.of(lockAtPriority, lockFromPriority, firstProbe, nextPriority));
        if (countPicked != null) {
            statements.add(countPicked);
        }
        return statements;
    }
}
