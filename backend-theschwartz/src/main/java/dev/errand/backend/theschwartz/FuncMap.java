package dev.errand.backend.theschwartz;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * TheSchwartz's {@code funcmap}: function names to ids, cached, as Perl's {@code funcname_to_id}. A missing name is
 * inserted; when another process inserted it first (the unique key refuses ours), it is read again: Perl's
 * create-or-find, safe against the race.
 */
final class FuncMap {
    private final DataSource pool;
    private final Map<String, Integer> ids = new ConcurrentHashMap<>();

    FuncMap(DataSource pool) {
        this.pool = pool;
    }

    int idOf(String funcname) {
        Integer cached = ids.get(funcname);
        if (cached != null) {
            return cached;
        }
        try (Connection c = pool.getConnection()) {
            Optional<Integer> found = select(c, funcname);
            c.commit(); // the read ends before the write, as in Grabber
            if (found.isEmpty()) {
                try (PreparedStatement insert = c.prepareStatement(Statements.INSERT_FUNCMAP)) {
                    insert.setString(1, funcname);
                    insert.executeUpdate();
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    if (!Database.isDuplicateKey(e)) {
                        throw e;
                    }
                }
                found = select(c, funcname);
            }
            c.commit();
            int id = found.orElseThrow(() ->
                    new IllegalStateException("funcmap has no row for " + funcname + " right after inserting it"));
            remember(funcname, id);
            return id;
        } catch (SQLException e) {
            throw new TheSchwartzException(
                    "cannot read or insert function " + funcname + " in funcmap: " + e.getMessage(), e);
        }
    }

    /**
     * The id of a function on the caller's connection, inside its transaction, inserting it when missing; nothing is
     * committed or cached (the caller may roll back). For SQLite, where the pool's connection would wait for the
     * write lock the caller's transaction may hold.
     */
    int idOn(Connection c, String funcname) throws SQLException {
        Integer cached = ids.get(funcname);
        if (cached != null) {
            return cached;
        }
        Optional<Integer> found = select(c, funcname);
        if (found.isEmpty()) {
            try (PreparedStatement insert = c.prepareStatement(Statements.INSERT_FUNCMAP)) {
                insert.setString(1, funcname);
                insert.executeUpdate();
            }
            found = select(c, funcname);
        }
        return found.orElseThrow(
                () -> new IllegalStateException("funcmap has no row for " + funcname + " right after inserting it"));
    }

    private void remember(String funcname, int id) {
        ids.put(funcname, id);
    }

    private static Optional<Integer> select(Connection c, String funcname) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(Statements.SELECT_FUNCID)) {
            s.setString(1, funcname);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }
}
