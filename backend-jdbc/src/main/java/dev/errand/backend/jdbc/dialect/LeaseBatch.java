package dev.errand.backend.jdbc.dialect;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Runs a fenced statement of parameters (value, id, owner, attempt) once per lease, as one JDBC batch. */
final class LeaseBatch {
    private LeaseBatch() {}

    /** The update count of each lease's statement, in input order. */
    static int[] execute(PreparedStatement ps, long value, List<LeaseKey> leases) throws SQLException {
        for (LeaseKey lease : leases) {
            ps.setLong(1, value);
            lease.bind(ps, 2);
            ps.addBatch();
        }
        return ps.executeBatch();
    }
}
