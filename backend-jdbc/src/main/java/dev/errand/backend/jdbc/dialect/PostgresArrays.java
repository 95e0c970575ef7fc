package dev.errand.backend.jdbc.dialect;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Binds sets as PostgreSQL arrays, which the set statements read with {@code unnest} or {@code ANY}. */
final class PostgresArrays {
    private PostgresArrays() {}

    static void bindIds(PreparedStatement ps, int index, long[] ids) throws SQLException {
        Long[] boxed = new Long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            boxed[i] = ids[i];
        }
        ps.setArray(index, ps.getConnection().createArrayOf("bigint", boxed));
    }

    static void bindTexts(PreparedStatement ps, int index, String[] values) throws SQLException {
        ps.setArray(index, ps.getConnection().createArrayOf("text", values));
    }

    static void bindInts(PreparedStatement ps, int index, int[] values) throws SQLException {
        Integer[] boxed = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        ps.setArray(index, ps.getConnection().createArrayOf("int4", boxed));
    }

    /**
     * Binds the leases as three arrays from {@code index}: ids, owners, attempts, in {@link LeaseKey#LOCK_ORDER} (the
     * statements that read them take the rows in array order). Their callers match what comes back by key.
     */
    static void bindLeases(PreparedStatement ps, int index, List<LeaseKey> unordered) throws SQLException {
        List<LeaseKey> leases = unordered.stream().sorted(LeaseKey.LOCK_ORDER).toList();
        long[] ids = new long[leases.size()];
        String[] owners = new String[leases.size()];
        int[] attempts = new int[leases.size()];
        for (int i = 0; i < leases.size(); i++) {
            ids[i] = leases.get(i).id();
            owners[i] = leases.get(i).owner();
            attempts[i] = leases.get(i).attempt();
        }
        bindIds(ps, index, ids);
        bindTexts(ps, index + 1, owners);
        bindInts(ps, index + 2, attempts);
    }
}
