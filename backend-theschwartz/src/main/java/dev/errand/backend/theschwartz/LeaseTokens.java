package dev.errand.backend.theschwartz;

import dev.errand.spi.Lease;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code grabbed_until} value this process last wrote for each lease it holds: TheSchwartz has no lease owner
 * column, so that value is the fencing token every later change of the job compares against.
 */
final class LeaseTokens {
    /** A held grab: its token and the job's funcid, which the error and exitstatus rows carry. */
    record Held(long token, int funcid) {}

    private final Map<Lease, Held> held = new ConcurrentHashMap<>();

    void hold(Lease lease, long grabbedUntil, int funcid) {
        held.put(lease, new Held(grabbedUntil, funcid));
    }

    /** The grab of a lease, or null when this process does not hold it (any more). */
    Held get(Lease lease) {
        return held.get(lease);
    }

    void drop(Lease lease) {
        held.remove(lease);
    }
}
