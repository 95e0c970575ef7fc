package dev.errand.backend.jdbc.dialect;

import dev.errand.job.JobState;
import dev.errand.spi.JobQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The operator's job listing: one SELECT per page, put together from fixed fragments (every value a user gives is a
 * bound parameter), walking an index in (enqueued_at, id) order from the cursor and stopping after the page (keyset
 * paging, no OFFSET).
 *
 * <p>Two shapes. On H2 and MySQL (no partial indexes) one query walks a whole-table index: (state, enqueued_at, id) for
 * a state filter, (queue, enqueued_at, id) for a queue filter without one, (enqueued_at, id) for neither. A filter on
 * several stored states reads and sorts every job in them. On PostgreSQL the listing indexes are partial, so that
 * claiming and finishing a job, which change its state, do not write them (schema version 6): one branch per stored
 * state walks its own index for a page, and the branches are merged ({@code UNION ALL}, then the page). Waiting and
 * finished jobs have listing indexes; running ones are few (one per job thread) and are read along the lease index
 * and sorted.
 *
 * <p>Rows: id, name, queue, state, attempt, max_attempts, priority, enqueued_at, run_at, finished_at, unique_key, headers, as
 * {@link Dialect#findJob()}.
 */
public final class JobListing {
    private static final Set<JobState> WAITING = EnumSet.of(JobState.AVAILABLE, JobState.SCHEDULED, JobState.RETRYABLE);
    private static final List<String> STORED = List.of("AVAILABLE", "RUNNING", "SUCCEEDED", "DEAD", "CANCELLED");

    private final String select;
    private final boolean rowValues;
    private final boolean branchPerState;

    /**
     * @param rowValues whether the database walks an index for {@code (a, b) < (?, ?)}; else the condition is spelt out
     * @param branchPerState whether each stored state is read by a branch of its own (partial listing indexes)
     */
    JobListing(TableNames tables, boolean rowValues, boolean branchPerState) {
        this.select = tables.expand("""
                SELECT id, name, queue, state, attempt, max_attempts, priority, enqueued_at, run_at, finished_at,
                       unique_key, headers
                  FROM {prefix}jobs
                 WHERE 1 = 1""");
        this.rowValues = rowValues;
        this.branchPerState = branchPerState;
    }

    /** A fragment of SQL and the values its placeholders take, in order. */
    private record Part(String sql, List<Object> params) {
        Part(String sql, Object... params) {
            this(sql, List.of(params));
        }
    }

    /** The page's statement, bound: {@code limit + 1} rows, so the caller knows whether a next page exists. */
    public PreparedStatement prepare(Connection c, JobQuery query, long nowMicros, long afterMicros, long afterId)
            throws SQLException {
        List<Part> filters = filters(query, afterMicros, afterId);
        String dir = query.isNewestFirst() ? "DESC" : "ASC";
        Part order = new Part("\n ORDER BY enqueued_at " + dir + ", id " + dir + "\n LIMIT ?", query.limit() + 1);
        List<Part> statement = new ArrayList<>();
        if (!branchPerState) {
            statement.add(new Part(select));
            if (!query.states().isEmpty()) {
                statement.add(states(query.states(), nowMicros));
            }
            statement.addAll(filters);
            statement.add(order);
        } else {
            List<Part> branches = branches(query.states(), nowMicros);
            for (int i = 0; i < branches.size(); i++) {
                boolean merged = branches.size() > 1;
                statement.add(new Part((i == 0 ? "" : "\nUNION ALL\n") + (merged ? "(" : "") + select));
                statement.add(branches.get(i));
                statement.addAll(filters);
                statement.add(order);
                if (merged) {
                    statement.add(new Part(")"));
                }
            }
            if (branches.size() > 1) {
                statement.add(order);
            }
        }
        return bind(c, statement);
    }

    /** The conditions every row of the page meets whatever its state: queue, name, time range, cursor. */
    private List<Part> filters(JobQuery query, long afterMicros, long afterId) {
        List<Part> filters = new ArrayList<>();
        query.queue().ifPresent(q -> filters.add(new Part("\n   AND queue = ?", q)));
        query.name().ifPresent(n -> filters.add(new Part("\n   AND name = ?", n)));
        query.enqueuedFrom().ifPresent(t -> filters.add(new Part("\n   AND enqueued_at >= ?", micros(t))));
        query.enqueuedBefore().ifPresent(t -> filters.add(new Part("\n   AND enqueued_at < ?", micros(t))));
        if (query.after().isPresent()) {
            String op = query.isNewestFirst() ? "<" : ">";
            filters.add(
                    rowValues
                            ? new Part("\n   AND (enqueued_at, id) " + op + " (?, ?)", afterMicros, afterId)
                            : new Part(
                                    "\n   AND (enqueued_at " + op + " ? OR (enqueued_at = ? AND id " + op + " ?))",
                                    afterMicros,
                                    afterMicros,
                                    afterId));
        }
        return filters;
    }

    /**
     * One condition per stored state the filter covers: {@code state = 'X'}, and for waiting jobs (stored as
     * AVAILABLE) the run_at and attempt conditions of the waiting states asked for.
     */
    private static List<Part> branches(Set<JobState> states, long now) {
        List<Part> branches = new ArrayList<>();
        for (String stored : STORED) {
            if (stored.equals("AVAILABLE")) {
                Part waiting = waiting(states, now);
                if (waiting != null) {
                    branches.add(new Part(
                            "\n   AND state = 'AVAILABLE'" + (waiting.sql().isEmpty() ? "" : " AND " + waiting.sql()),
                            waiting.params()));
                }
            } else if (states.isEmpty() || states.contains(JobState.valueOf(stored))) {
                branches.add(new Part("\n   AND state = '" + stored + "'")); // a constant, never user text
            }
        }
        return branches;
    }

    /**
     * The state filter in one condition: stored states in a list, and for waiting jobs the run_at and attempt
     * conditions that tell available, scheduled and retryable apart at {@code now}.
     */
    private static Part states(Set<JobState> states, long now) {
        List<String> stored = new ArrayList<>();
        for (JobState s : states) {
            if (!WAITING.contains(s)) {
                stored.add("'" + s.name() + "'"); // an enum constant, never user text
            }
        }
        Part waiting = waiting(states, now);
        if (waiting != null && waiting.sql().isEmpty()) {
            stored.add("'AVAILABLE'");
            waiting = null;
        }
        String inStored =
                stored.size() == 1 ? "state = " + stored.get(0) : "state IN (" + String.join(", ", stored) + ")";
        if (waiting == null) {
            return new Part("\n   AND " + inStored);
        }
        String waitingClause = "(state = 'AVAILABLE' AND " + waiting.sql() + ")";
        return new Part(
                stored.isEmpty() ? "\n   AND " + waitingClause : "\n   AND (" + inStored + " OR " + waitingClause + ")",
                waiting.params());
    }

    /**
     * Which waiting jobs the filter takes: null for none, an empty condition for all of them (no filter, or all three
     * waiting states), else the run_at and attempt conditions of the ones asked for, OR-ed.
     */
    private static Part waiting(Set<JobState> states, long now) {
        if (states.isEmpty() || states.containsAll(WAITING)) {
            return new Part("");
        }
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (states.contains(JobState.AVAILABLE)) {
            conditions.add("run_at <= ?");
            params.add(now);
        }
        if (states.contains(JobState.SCHEDULED)) {
            conditions.add("(run_at > ? AND attempt = 0)");
            params.add(now);
        }
        if (states.contains(JobState.RETRYABLE)) {
            conditions.add("(run_at > ? AND attempt > 0)");
            params.add(now);
        }
        return conditions.isEmpty() ? null : new Part("(" + String.join(" OR ", conditions) + ")", params);
    }

    private static PreparedStatement bind(Connection c, List<Part> parts) throws SQLException {
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (Part p : parts) {
            sql.append(p.sql());
            params.addAll(p.params());
        }
        PreparedStatement ps = c.prepareStatement(sql.toString());
        try {
            for (int i = 0; i < params.size(); i++) {
                Object p = params.get(i);
                if (p instanceof String s) {
                    ps.setString(i + 1, s);
                } else if (p instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else {
                    ps.setLong(i + 1, (Long) p);
                }
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    private static long micros(java.time.Instant t) {
        return dev.errand.spi.JobCursor.micros(t);
    }
}
