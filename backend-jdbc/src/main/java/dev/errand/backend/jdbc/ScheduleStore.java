package dev.errand.backend.jdbc;

import dev.errand.backend.jdbc.dialect.ScheduleStatements;
import dev.errand.job.JobId;
import dev.errand.job.MissedRuns;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.NewJob;
import dev.errand.spi.Schedule;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The schedules of recurring jobs in {@code {prefix}schedules}. Firing is one transaction: the compare-and-set on
 * {@code next_fire}, the insert of the runs with the backend's {@link Enqueuer}, and the record of the last run; a
 * second scheduler's compare-and-set waits for the first one's row lock and then matches no row.
 */
final class ScheduleStore {
    private final Database db;
    private final ScheduleStatements sql;
    private final Enqueuer enqueuer;

    ScheduleStore(Database db, Enqueuer enqueuer) {
        this.db = db;
        this.sql = db.dialect().schedules();
        this.enqueuer = enqueuer;
    }

    /** Inserts the schedule if its name is new, then updates it under a row lock as {@link Schedule#updatedBy} says. */
    void save(Schedule schedule) {
        Enqueuer.validate(List.of(schedule.runAt(schedule.nextFire())));
        try {
            db.transaction("store schedule " + schedule.name(), c -> {
                try (PreparedStatement ps = c.prepareStatement(sql.insert())) {
                    bind(ps, schedule);
                    return ps.executeUpdate();
                }
            });
        } catch (JdbcBackendException e) {
            if (!(e.getCause() instanceof SQLException cause)
                    || cause.getSQLState() == null
                    || !cause.getSQLState().startsWith("23")) {
                throw e;
            }
            // already stored (by another worker too): updated below
        }
        db.transaction("update schedule " + schedule.name(), c -> {
            Schedule stored;
            try (PreparedStatement ps = c.prepareStatement(sql.lock())) {
                ps.setString(1, schedule.name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null; // deleted meanwhile: the caller's save lost to a delete
                    }
                    stored = read(rs);
                }
            }
            Schedule updated = stored.updatedBy(schedule);
            try (PreparedStatement ps = c.prepareStatement(sql.update())) {
                int i = bindDefinition(ps, 1, updated);
                ps.setLong(i++, Micros.of(updated.nextFire()));
                ps.setString(i, updated.name());
                ps.executeUpdate();
            }
            return null;
        });
    }

    List<Schedule> all() {
        return db.read("read the schedules", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.all())) {
                return readAll(ps);
            }
        });
    }

    List<Schedule> due(Instant now, int max) {
        return db.read("read the due schedules", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.due())) {
                ps.setLong(1, Micros.of(now));
                ps.setInt(2, max);
                return readAll(ps);
            }
        });
    }

    /** The enqueue results of the runs, or null when the compare-and-set found the instant fired (or the schedule gone). */
    EnqueueResult[] fire(String name, Instant expectedNext, Instant newNext, List<NewJob> runs) {
        Enqueuer.validate(runs);
        return db.transaction("fire schedule " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.advance())) {
                ps.setLong(1, Micros.of(newNext));
                ps.setString(2, name);
                ps.setLong(3, Micros.of(expectedNext));
                if (ps.executeUpdate() != 1) {
                    return null;
                }
            }
            if (runs.isEmpty()) {
                return new EnqueueResult[0];
            }
            EnqueueResult[] results = enqueuer.enqueue(c, runs);
            try (PreparedStatement ps = c.prepareStatement(sql.recordLast())) {
                ps.setLong(1, Micros.of(runs.get(runs.size() - 1).runAt()));
                ps.setLong(2, JobIds.parse(results[results.length - 1].id()));
                ps.setString(3, name);
                ps.executeUpdate();
            }
            return results;
        });
    }

    boolean pause(String name) {
        return update("pause schedule " + name, sql.pause(), ps -> ps.setString(1, name));
    }

    boolean resume(String name, Instant next) {
        return update("resume schedule " + name, sql.resume(), ps -> {
            ps.setLong(1, Micros.of(next));
            ps.setString(2, name);
        });
    }

    boolean delete(String name) {
        return update("delete schedule " + name, sql.delete(), ps -> ps.setString(1, name));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private boolean update(String what, String statement, Binder binder) {
        return db.transaction(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                binder.bind(ps);
                return ps.executeUpdate() > 0;
            }
        });
    }

    private static void bind(PreparedStatement ps, Schedule s) throws SQLException {
        ps.setString(1, s.name());
        int i = bindDefinition(ps, 2, s);
        ps.setLong(i++, Micros.of(s.nextFire()));
        ps.setBoolean(i++, s.paused());
        if (s.lastFire() == null) {
            ps.setNull(i++, Types.BIGINT);
        } else {
            ps.setLong(i++, Micros.of(s.lastFire()));
        }
        if (s.lastJob() == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, JobIds.parse(s.lastJob()));
        }
    }

    /** Binds cron ... payload from {@code index}; returns the next index. */
    private static int bindDefinition(PreparedStatement ps, int index, Schedule s) throws SQLException {
        int i = index;
        ps.setString(i++, s.cron());
        ps.setString(i++, s.zone());
        ps.setString(i++, s.missed().name());
        ps.setInt(i++, s.maxCatchUp());
        ps.setString(i++, s.jobName());
        ps.setString(i++, s.queue());
        ps.setInt(i++, s.priority());
        ps.setInt(i++, s.maxAttempts());
        ps.setLong(i++, s.timeout().toMillis());
        ps.setString(i++, s.fingerprint());
        ps.setBytes(i++, s.payload());
        return i;
    }

    private static List<Schedule> readAll(PreparedStatement ps) throws SQLException {
        List<Schedule> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(read(rs));
            }
        }
        return out;
    }

    private static Schedule read(ResultSet rs) throws SQLException {
        long lastFire = rs.getLong(15);
        Instant last = rs.wasNull() ? null : Micros.toInstant(lastFire);
        long lastJob = rs.getLong(16);
        JobId lastId = rs.wasNull() ? null : JobId.of(Long.toString(lastJob));
        return new Schedule(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                MissedRuns.valueOf(rs.getString(4)),
                rs.getInt(5),
                rs.getString(6),
                rs.getString(7),
                rs.getInt(8),
                rs.getBytes(12),
                rs.getString(11),
                rs.getInt(9),
                Duration.ofMillis(rs.getLong(10)),
                Micros.toInstant(rs.getLong(13)),
                rs.getBoolean(14),
                last,
                lastId);
    }
}
