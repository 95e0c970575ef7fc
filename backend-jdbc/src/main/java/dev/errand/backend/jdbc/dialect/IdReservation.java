package dev.errand.backend.jdbc.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Reserves job ids ahead of the insert, so a batch insert knows every row's id. Built by the
 * {@link Dialect}; each form starts with a statement of one parameter, the count.
 */
public abstract sealed class IdReservation permits SequenceIds, CounterIds {
    private final String reserve;
    private final String privilege;

    IdReservation(String reserve, String privilege) {
        this.reserve = reserve;
        this.privilege = privilege;
    }

    /** {@code count} new ids, ascending, reserved in the caller's transaction. */
    public abstract long[] reserve(Connection c, int count) throws SQLException;

    /** The statements it sends; for tests. */
    public abstract List<String> statements();

    /** Reserves one id without reading it, to prove the {@link #privilege()}. */
    public final void probe(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(reserve)) {
            ps.setInt(1, 1);
            ps.execute();
        }
    }

    /** The privilege reserving needs, for messages, e.g. {@code USAGE on sequence errand_job_ids}. */
    public final String privilege() {
        return privilege;
    }
}
