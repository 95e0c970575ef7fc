package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** MySQL/MariaDB and H2: {@link Dialect#complete()} once per lease, as one JDBC batch. */
final class BatchCompleteAll implements CompleteAllStatement {
    private final String complete;

    BatchCompleteAll(String complete) {
        this.complete = complete;
    }

    @Override
    public boolean[] completeAll(Connection c, long finishedAt, List<LeaseKey> leases) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(complete)) {
            int[] counts = LeaseBatch.execute(ps, finishedAt, leases);
            boolean[] held = new boolean[counts.length];
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] < 0) {
                    throw new SQLException("the JDBC driver did not report the update count of a batched "
                            + "completion (" + counts[i] + "); cannot tell which leases were held");
                }
                held[i] = counts[i] > 0;
            }
            return held;
        }
    }

    @Override
    public List<String> statements() {
        return List.of(complete);
    }
}
