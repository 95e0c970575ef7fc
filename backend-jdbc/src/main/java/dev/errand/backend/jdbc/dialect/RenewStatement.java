package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Extends running jobs' leases in the caller's transaction, each fenced on its {@link LeaseKey}.
 * Built by the {@link Dialect}.
 */
public sealed interface RenewStatement permits ArrayRenew, BatchRenew {

    /**
     * Sets {@code lease_expires_at} (microseconds) of the held leases; returns, in input order,
     * whether each was held.
     */
    boolean[] renew(Connection c, long leaseExpires, List<LeaseKey> leases) throws SQLException;

    /** The statements it sends; for tests. */
    List<String> statements();
}
