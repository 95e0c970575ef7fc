package dev.errand.backend.jdbc.dialect;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;

/**
 * What every fenced statement matches a running job on: its id, the lease owner and the attempt.
 * A worker whose lease was recovered and re-delivered holds an old key, so its statements change
 * nothing.
 */
public record LeaseKey(long id, String owner, int attempt) {
    /**
     * The order in which a statement over several leases takes their jobs' rows: by id. Every such write (a batch of
     * completions, a lease renewal, a hand-back) keeps it, so two of them never wait for each other's rows in a
     * cycle: a deadlock the database would break by rolling one back.
     */
    public static final Comparator<LeaseKey> LOCK_ORDER = Comparator.comparingLong(LeaseKey::id);

    /** Binds (id, owner, attempt) from {@code index}. */
    public void bind(PreparedStatement ps, int index) throws SQLException {
        ps.setLong(index, id);
        ps.setString(index + 1, owner);
        ps.setInt(index + 2, attempt);
    }
}
