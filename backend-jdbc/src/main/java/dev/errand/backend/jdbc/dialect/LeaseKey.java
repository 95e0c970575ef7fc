package dev.errand.backend.jdbc.dialect;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * What every fenced statement matches a running job on: its id, the lease owner and the attempt.
 * A worker whose lease was recovered and re-delivered holds an old key, so its statements change
 * nothing.
 */
public record LeaseKey(long id, String owner, int attempt) {

    /** Binds (id, owner, attempt) from {@code index}. */
    public void bind(PreparedStatement ps, int index) throws SQLException {
        ps.setLong(index, id);
        ps.setString(index + 1, owner);
        ps.setInt(index + 2, attempt);
    }
}
