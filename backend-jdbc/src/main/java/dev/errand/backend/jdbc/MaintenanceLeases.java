package dev.errand.backend.jdbc;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The maintenance lease in {@code {prefix}maintenance_lease}: one row naming the worker that does maintenance for
 * every worker on this database, until when. Taken or kept by one UPDATE that matches only when the row is its
 * holder's own or expired, so two workers cannot both win it. Plain SQL that every dialect accepts.
 */
final class MaintenanceLeases {
    private final Database db;
    private final Clock clock;
    private final String lead;
    private final String resign;

    MaintenanceLeases(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.lead = db.dialect().tables().expand("""
                UPDATE {prefix}maintenance_lease SET owner = ?, until_us = ?
                 WHERE id = 1 AND (owner = ? OR until_us <= ?)""");
        this.resign = db.dialect().tables().expand("""
                UPDATE {prefix}maintenance_lease SET owner = '', until_us = 0 WHERE id = 1 AND owner = ?""");
    }

    boolean lead(String owner, Duration term) {
        Instant now = clock.instant();
        return db.transaction("take the maintenance lease for " + owner, c -> {
            try (PreparedStatement ps = c.prepareStatement(lead)) {
                ps.setString(1, owner);
                ps.setLong(2, Micros.of(now.plus(term)));
                ps.setString(3, owner);
                ps.setLong(4, Micros.of(now));
                return ps.executeUpdate() == 1;
            }
        });
    }

    void resign(String owner) {
        db.transaction("give up the maintenance lease of " + owner, c -> {
            try (PreparedStatement ps = c.prepareStatement(resign)) {
                ps.setString(1, owner);
                return ps.executeUpdate();
            }
        });
    }
}
