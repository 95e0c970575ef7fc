package dev.errand.backend.theschwartz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.NewJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Inserts jobs as Perl's {@code TheSchwartz->insert} does: funcid from funcmap, {@code insert_time} and {@code
 * run_after} in whole epoch seconds, {@code grabbed_until} 0, priority 0 as NULL (a Perl job without one). A job whose
 * {@code uniqkey} another job of its function holds is not inserted; its result names that job.
 */
final class Inserter {
    private final DataSource pool;
    private final Dialect dialect;
    private final FuncMap funcMap;
    private final JobIds ids;
    private final ArgReader args;

    Inserter(DataSource pool, Dialect dialect, FuncMap funcMap, JobIds ids, ArgReader args) {
        this.args = args;
        this.ids = ids;
        this.pool = pool;
        this.dialect = dialect;
        this.funcMap = funcMap;
    }

    /** Refuses, naming the job, what the tables cannot hold (MariaDB would answer with error 1264 or 1366). */
    void check(NewJob job) {
        if (job.priority() < dialect.minPriority() || job.priority() > dialect.maxPriority()) {
            throw new IllegalArgumentException("priority " + job.priority() + " of job " + job.name()
                    + " does not fit TheSchwartz's priority column on " + dialect.settingName() + " ("
                    + dialect.minPriority() + ".." + dialect.maxPriority() + "); use a priority in that range");
        }
        String coalesce = coalesce(job);
        if (coalesce != null && dialect == Dialect.MYSQL && coalesce.chars().anyMatch(ch -> ch > 0xFF)) {
            throw new IllegalArgumentException("coalesce value of job " + job.name()
                    + " holds characters outside latin1, which TheSchwartz's latin1 coalesce column refuses; "
                    + "use a latin1 value");
        }
        if (job.uniqueKey() != null
                && dialect == Dialect.MYSQL
                && job.uniqueKey().chars().anyMatch(ch -> ch > 0xFF)) {
            throw new IllegalArgumentException("unique key of job " + job.name()
                    + " holds characters outside latin1, which TheSchwartz's latin1 uniqkey column refuses; "
                    + "use a latin1 key (a hash of it, say)");
        }
    }

    List<EnqueueResult> insert(List<NewJob> jobs) {
        jobs.forEach(this::check);
        List<Integer> funcids = new ArrayList<>(jobs.size());
        for (NewJob job : jobs) {
            funcids.add(funcMap.idOf(Functions.funcname(job.name())));
        }
        try (Connection c = pool.getConnection()) {
            try {
                List<EnqueueResult> results = new ArrayList<>(jobs.size());
                for (int i = 0; i < jobs.size(); i++) {
                    results.add(insert(c, jobs.get(i), funcids.get(i)));
                }
                c.commit();
                return results;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new TheSchwartzException(
                    "cannot insert " + jobs.size() + " job(s) of "
                            + jobs.stream().map(NewJob::name).distinct().toList() + ": " + e.getMessage(),
                    e);
        }
    }

    /** Inserts on the caller's connection, inside its transaction: nothing is committed or rolled back here. */
    List<EnqueueResult> insertOn(Connection c, List<NewJob> jobs) {
        jobs.forEach(this::check);
        try {
            List<Integer> funcids = new ArrayList<>(jobs.size());
            for (NewJob job : jobs) {
                funcids.add(
                        dialect == Dialect.SQLITE
                                ? funcMap.idOn(c, Functions.funcname(job.name()))
                                : funcMap.idOf(Functions.funcname(job.name())));
            }
            List<EnqueueResult> results = new ArrayList<>(jobs.size());
            for (int i = 0; i < jobs.size(); i++) {
                results.add(insert(c, jobs.get(i), funcids.get(i)));
            }
            return results;
        } catch (SQLException e) {
            throw new TheSchwartzException(
                    "cannot insert " + jobs.size() + " job(s) of "
                            + jobs.stream().map(NewJob::name).distinct().toList() + " on the caller's connection: "
                            + e.getMessage(),
                    e);
        }
    }

    private EnqueueResult insert(Connection c, NewJob job, int funcid) throws SQLException {
        for (int tries = 0; tries < 3; tries++) {
            Long jobid =
                    dialect.returnsInsertedIds() ? insertReturning(c, job, funcid) : insertWithKeys(c, job, funcid);
            if (jobid != null) {
                return new EnqueueResult(ids.of(jobid), false);
            }
            Long holder = holder(c, funcid, job.uniqueKey());
            if (holder != null) {
                return new EnqueueResult(ids.of(holder), true);
            }
            // The holder finished between our insert and our look-up: the key is free again.
        }
        throw new TheSchwartzException(
                "unique key of job " + job.name() + " was taken and freed three times while inserting; try again",
                null);
    }

    private Long insertReturning(Connection c, NewJob job, int funcid) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(dialect.insertJob())) {
            bind(s, job, funcid);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private Long insertWithKeys(Connection c, NewJob job, int funcid) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(dialect.insertJob(), Statement.RETURN_GENERATED_KEYS)) {
            bind(s, job, funcid);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            if (job.uniqueKey() != null && Database.isDuplicateKey(e)) {
                return null;
            }
            throw e;
        }
    }

    private void bind(PreparedStatement s, NewJob job, int funcid) throws SQLException {
        s.setInt(1, funcid);
        s.setBytes(2, job.payload());
        s.setString(3, job.uniqueKey());
        s.setLong(4, job.enqueuedAt().getEpochSecond());
        // A delayed job never runs early (ceil); an undelayed one is due at once, as Perl's run_after ||= time.
        s.setLong(
                5,
                job.isScheduledAt(job.enqueuedAt())
                        ? Finisher.ceilSeconds(job.runAt())
                        : job.runAt().getEpochSecond());
        if (job.priority() == 0) {
            s.setNull(6, Types.SMALLINT);
        } else {
            s.setInt(6, job.priority());
        }
        String coalesce = coalesce(job);
        if (coalesce == null) {
            s.setNull(7, Types.VARCHAR);
        } else {
            s.setString(7, coalesce);
        }
    }

    /**
     * The {@code coalesce} value of a job: its {@link TheSchwartzFunction#coalesce()} parameter's value as text, read
     * back from its {@code arg}; null when it has none (or was never encoded here, e.g. inserted for another process).
     */
    private String coalesce(NewJob job) {
        Function function = Functions.named(job.name()).orElse(null);
        if (function == null || function.coalesce() < 0) {
            return null;
        }
        JsonNode value = args.arguments(function, job.payload()).get(function.coalesce());
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    private static Long holder(Connection c, int funcid, String uniqkey) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(Statements.SELECT_HOLDER)) {
            s.setInt(1, funcid);
            s.setString(2, uniqkey);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }
}
