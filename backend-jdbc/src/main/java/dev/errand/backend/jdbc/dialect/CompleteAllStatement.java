package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Ends many running attempts successfully in the caller's transaction, each fenced on its
 * {@link LeaseKey}; storing their results is the caller's next step. Built by the {@link Dialect}.
 */
public sealed interface CompleteAllStatement permits ArrayCompleteAll, BatchCompleteAll {

    /**
     * Sets them {@code SUCCEEDED} at {@code finishedAt} (microseconds); returns, in input order,
     * whether each lease was held.
     */
    boolean[] completeAll(Connection c, long finishedAt, List<LeaseKey> leases) throws SQLException;

    /** The statements it sends; for tests. */
    List<String> statements();
}
