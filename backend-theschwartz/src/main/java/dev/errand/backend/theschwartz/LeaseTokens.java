package dev.errand.backend.theschwartz;

import dev.errand.job.JobId;
import dev.errand.spi.Lease;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code grabbed_until} value this process last wrote for each lease it holds: TheSchwartz has no lease owner
 * column, so that value is the fencing token every later change of the job compares against.
 */
final class LeaseTokens {
    /** A held grab: its token and the job's funcid, which the error and exitstatus rows carry. */
    record Held(long token, int funcid) {}

    private final Map<Lease, Held> held = new ConcurrentHashMap<>();
    /** The lease this process holds of each job it holds. */
    private final Map<JobId, Lease> byJob = new ConcurrentHashMap<>();

    private final ReentrantLock[] stripes = new ReentrantLock[64];

    LeaseTokens() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Unlocks what {@link #lock} locked. */
    interface Locked extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Locks these leases' tokens until closed, so that a renewal (which writes a new token, then remembers it) and a
     * finish (which reads the token, then writes with it) of one lease never interleave: a finish that read the old
     * token would match no row and leave a job that ran to be run again. Stripes are taken in index order.
     */
    Locked lock(Collection<Lease> leases) {
        TreeSet<Integer> indexes = new TreeSet<>();
        for (Lease lease : leases) {
            indexes.add(Math.floorMod(lease.hashCode(), stripes.length));
        }
        for (int i : indexes) {
            stripes[i].lock();
        }
        return () -> indexes.descendingSet().forEach(i -> stripes[i].unlock());
    }

    void hold(Lease lease, long grabbedUntil, int funcid) {
        held.put(lease, new Held(grabbedUntil, funcid));
        Lease earlier = byJob.put(lease.id(), lease);
        if (earlier != null && !earlier.equals(lease)) {
            held.remove(earlier); // grabbed again: the earlier grab's late finish must change nothing
        }
    }

    /**
     * Whether {@code owner} still holds the grab of a job that wrote {@code grabbedUntil}: nobody grabbed it since,
     * and its finish or renewal may be on its way (retried while the database was away, say).
     */
    boolean holdsOwn(JobId id, String owner, long grabbedUntil) {
        Lease lease = byJob.get(id);
        if (lease == null || !lease.owner().equals(owner)) {
            return false;
        }
        Held grab = held.get(lease);
        return grab != null && grab.token() == grabbedUntil;
    }

    /** The grab of a lease, or null when this process does not hold it (any more). */
    Held get(Lease lease) {
        return held.get(lease);
    }

    void drop(Lease lease) {
        held.remove(lease);
        byJob.remove(lease.id(), lease);
    }
}
