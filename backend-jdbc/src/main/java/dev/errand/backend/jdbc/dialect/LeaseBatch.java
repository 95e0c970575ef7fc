package dev.errand.backend.jdbc.dialect;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Runs a fenced statement of parameters (value, id, owner, attempt) once per lease, as one JDBC batch, in
 * {@link LeaseKey#LOCK_ORDER}.
 */
final class LeaseBatch {
    private LeaseBatch() {}

    /** The update count of each lease's statement, in input order. */
    static int[] execute(PreparedStatement ps, long value, List<LeaseKey> leases) throws SQLException {
        int[] order = IntStream.range(0, leases.size())
                .boxed()
                .sorted(Comparator.comparing(leases::get, LeaseKey.LOCK_ORDER))
                .mapToInt(Integer::intValue)
                .toArray();
        for (int i : order) {
            ps.setLong(1, value);
            leases.get(i).bind(ps, 2);
            ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        int[] inInputOrder = new int[counts.length];
        for (int k = 0; k < counts.length; k++) {
            inInputOrder[order[k]] = counts[k];
        }
        return inInputOrder;
    }
}
