package dev.errand.backend.jdbc.dialect;

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
 *     lookup
 */
record PriorityWalk(String lockAtPriority, String lockFromPriority, String firstProbe, String nextPriority) {
    /** Its statements, the one that picks the jobs first, as {@link ClaimStatement#statements()} lists them. */
    List<String> statements() {
        return List.of(lockAtPriority, lockFromPriority, firstProbe, nextPriority);
    }
}
