package dev.errand.backend.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.backend.jdbc.dialect.Dialect;
import dev.errand.backend.jdbc.dialect.PostgresDialect;
import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.Names;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.Capability;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Completion;
import dev.errand.spi.ConnectionPool;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.FinishedStats;
import dev.errand.spi.JobPage;
import dev.errand.spi.JobQuery;
import dev.errand.spi.Lease;
import dev.errand.spi.NewJob;
import dev.errand.spi.Outcome;
import dev.errand.spi.QueueStats;
import dev.errand.spi.Schedule;
import dev.errand.spi.TransactionalEnqueue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/**
 * The durable backend ({@code errand.backend=jdbc}): jobs live in PostgreSQL, MySQL/MariaDB or
 * H2 tables and survive restarts of the application and of the database; any number of worker
 * processes can share them. See the module README for the schema, the settings and how it scales.
 *
 * <p>Each operation is one short transaction on a pooled connection: claim with
 * {@code FOR UPDATE SKIP LOCKED}, complete/fail/renew fenced on the lease. Idle workers wake on
 * PostgreSQL {@code NOTIFY}, elsewhere by adaptive polling (see {@link #awaitWork}); outcomes
 * are settled by one poller thread per backend.
 */
public final class JdbcBackend implements Backend, TransactionalEnqueue {
    static final String NAME = "jdbc";
    /** The shortest pause between polls right after activity; see {@link #awaitWork}. */
    static final Duration MIN_POLL = Duration.ofMillis(10);
    /**
     * How long after a claim found jobs a listening backend's waiting worker also looks by itself. pgjdbc hands on the
     * notifications it reads only once 1 ms passes without another, so while enqueues commit more often than that (a
     * steady stream of a thousand or more a second) the listener holds every wake-up back until the stream pauses:
     * jobs waited up to 3 s to start (bench/results/full-2026-12-07.md). The backend polls once it sees the listener
     * hold back ({@link PgListener#holdingBack()}, after {@link PgListener#HELD_BACK_AFTER}); within this window a
     * waiting worker does not wait for that, and looks again after a quarter of the time since the last find, at least
     * {@link #MIN_POLL}, as one without LISTEN does.
     */
    static final Duration STREAM_WINDOW = Duration.ofSeconds(1);

    private final JdbcSettings settings;
    private final HikariDataSource ownedPool;
    private final Clock clock;
    private final Database db;
    private final Enqueuer enqueuer;
    private final ScheduleStore schedules;
    private final Claimer claimer;
    private final RunningJobs running;
    private final JobReader reader;
    private final Retention retention;
    private final JdbcOperations operations;
    private final MaintenanceLeases maintenanceLeases;
    private final WorkSignals signals = new WorkSignals();
    private final OutcomeWaiters outcomes;
    private final PgListener listener;
    private final Set<Capability> capabilities;
    /** Null unless a plain enqueue joins the caller's transaction; see {@link #onDataSource}. */
    private final CallerTransactions callerTransactions;

    private volatile boolean closed;

    /** A backend with the {@code errand.jdbc.*} settings of the context, on its own connection pool. */
    public JdbcBackend(BackendContext context) {
        this(JdbcSettings.from(context.config()), null, context.clock());
    }

    /**
     * A backend on an application's data source, which the application owns and closes (this backend opens no pool
     * of its own, so {@code errand.jdbc.url}, the credentials and {@code errand.jdbc.pool.*} are not used). When
     * {@code transactions} is not null, {@code enqueue()} on a thread inside one of the caller's transactions stores
     * the jobs on that transaction's connection, so they commit or roll back with it.
     */
    public static JdbcBackend onDataSource(
            BackendContext context, DataSource dataSource, CallerTransactions transactions) {
        Objects.requireNonNull(dataSource, "dataSource == null");
        // Messages and capabilities name the database the data source reaches, not a URL nobody configured.
        JdbcSettings settings =
                JdbcSettings.from(context.config().with(JdbcSettings.URL, DatabaseProbe.url(dataSource)));
        return new JdbcBackend(settings, new ManualCommitDataSource(dataSource), context.clock(), transactions);
    }

    /** A backend on a data source the caller owns and closes (tests share one pool this way). */
    JdbcBackend(JdbcSettings settings, DataSource dataSource, Clock clock) {
        this(settings, dataSource, clock, null);
    }

    private JdbcBackend(JdbcSettings settings, DataSource dataSource, Clock clock, CallerTransactions transactions) {
        this.settings = settings;
        this.callerTransactions = transactions;
        this.clock = Objects.requireNonNull(clock, "clock == null");
        this.ownedPool = dataSource == null ? Pools.open(settings) : null;
        DataSource ds = dataSource != null ? dataSource : ownedPool;
        try {
            Dialect dialect = DatabaseProbe.dialect(ds, settings);
            this.db = new Database(ds, dialect, H2Urls.opensInThisProcess(settings.url()));
            Schema.prepare(db, settings.createSchema(), clock, settings.source());
            this.enqueuer = new Enqueuer(dialect, new IdAllocator(db));
            this.schedules = new ScheduleStore(db, enqueuer);
            this.claimer = new Claimer(db);
            this.running = new RunningJobs(db);
            this.reader = new JobReader(db);
            this.retention = new Retention(db, settings.retention(), clock);
            this.operations = new JdbcOperations(db, clock);
            this.maintenanceLeases = new MaintenanceLeases(db, clock);
            boolean listen = settings.listen() && dialect instanceof PostgresDialect;
            this.outcomes = new OutcomeWaiters(
                    reader,
                    listen ? settings.pollInterval() : MIN_POLL,
                    settings.pollInterval(),
                    listen ? new AwaitedMarks(db, (PostgresDialect) dialect)::mark : id -> {},
                    this::listenFromNowOn,
                    listen ? this::notificationsHeldBack : null);
            this.listener = listen
                    ? new PgListener(ds, (PostgresDialect) dialect, signals::signal, id -> outcomes.nudge(), () -> {
                        signals.signalAll();
                        outcomes.nudge();
                    })
                    : null;
            this.capabilities = DatabaseProbe.capabilities(settings.url());
        } catch (RuntimeException e) {
            if (ownedPool != null) {
                ownedPool.close();
            }
            throw e;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    /** The dialect in use, e.g. {@code postgresql}. */
    public String dialectName() {
        return db.dialect().name();
    }

    @Override
    public List<EnqueueResult> enqueue(List<NewJob> jobs) {
        return store(jobs, false);
    }

    /**
     * Stores jobs whose outcomes the caller awaits: marked so, which is what makes PostgreSQL announce their end (a
     * job nobody awaits is not announced), and their outcomes expected here already, so that the caller's
     * {@link #outcome} needs no second statement to mark them.
     */
    @Override
    public List<EnqueueResult> submit(List<NewJob> jobs) {
        List<EnqueueResult> results = store(jobs, true);
        for (EnqueueResult result : results) {
            if (!result.duplicate()) { // a duplicate's holder may not be awaited: outcome() marks it
                outcomes.expect(result.id());
            }
        }
        return results;
    }

    private List<EnqueueResult> store(List<NewJob> jobs, boolean awaited) {
        checkOpen();
        Connection joined = callerTransactions == null ? null : callerTransactions.current();
        if (joined != null) {
            try {
                return storeOn(joined, jobs, awaited);
            } finally {
                callerTransactions.release(joined);
            }
        }
        Enqueuer.validate(jobs);
        if (jobs.isEmpty()) {
            return List.of();
        }
        EnqueueResult[] results;
        if (Enqueuer.noUniqueKeys(jobs) && (jobs.size() == 1 || enqueuer.storesBatchAtOnce())) {
            // One statement, all or nothing, no look-up of a key's holder: it commits by itself where that saves the
            // COMMIT's round trip (and a copy's BEGIN). After a lost connection, the first job tells whether it went
            // in.
            long[] ids = enqueuer.reserve(jobs.size());
            Database.Work<EnqueueResult[]> insert = c -> enqueuer.enqueue(c, jobs, ids, awaited);
            String what = jobs.size() == 1 ? "enqueue 1 job" : "enqueue " + jobs.size() + " jobs";
            results = db.autoCommitted(
                    what,
                    insert,
                    Database.againOrWritten(insert, c -> enqueuer.isStored(c, ids[0]) ? Enqueuer.allNew(ids) : null));
        } else {
            results = db.transaction(
                    "enqueue " + jobs.size() + " jobs",
                    c -> enqueuer.enqueue(c, jobs, enqueuer.reserve(jobs.size()), awaited));
        }
        announce(jobs, results);
        return Enqueuer.asList(results);
    }

    /**
     * Stores the jobs in the caller's transaction on {@code connection}, which must reach the
     * same database and tables; nothing is committed, closed or switched. Workers see the jobs
     * when the caller commits; a rollback leaves no trace (ids reserved for them are skipped).
     */
    @Override
    public List<EnqueueResult> enqueue(Connection connection, List<NewJob> jobs) {
        checkOpen();
        return storeOn(connection, jobs, false);
    }

    private List<EnqueueResult> storeOn(Connection connection, List<NewJob> jobs, boolean awaited) {
        Objects.requireNonNull(connection, "connection == null");
        Enqueuer.validate(jobs);
        if (jobs.isEmpty()) {
            return List.of();
        }
        try {
            EnqueueResult[] results = enqueuer.enqueue(connection, jobs, enqueuer.reserve(jobs.size()), awaited);
            announce(jobs, results);
            return Enqueuer.asList(results);
        } catch (SQLException e) {
            throw JdbcBackendException.of(
                    "enqueue " + jobs.size() + " jobs on the caller's connection",
                    db.dialect().name(),
                    e);
        }
    }

    private void announce(List<NewJob> jobs, EnqueueResult[] results) {
        for (String queue : Enqueuer.queuesOf(jobs, results)) {
            signals.signal(queue);
        }
    }

    @Override
    public List<ClaimedJob> claim(Set<String> queues, int max, String owner, Duration leaseDuration) {
        checkOpen();
        Objects.requireNonNull(queues, "queues == null");
        Objects.requireNonNull(owner, "owner == null");
        requirePositive(leaseDuration, "leaseDuration");
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1 but was " + max);
        }
        if (queues.isEmpty()) {
            return List.of();
        }
        List<ClaimedJob> claimed = claimer.claim(queues, max, owner, clock.instant(), leaseDuration);
        if (!claimed.isEmpty()) {
            signals.found();
        }
        return claimed;
    }

    /**
     * Returns at once when a job of these queues is due. Otherwise waits until this backend
     * enqueues to one of them, {@link #wakeUp()}, the next scheduled job is due, or
     * {@code maxWait} passes. On PostgreSQL a {@code NOTIFY} from any process also wakes it once the
     * LISTEN session is open (the first wait opens it), and it polls only for {@link #STREAM_WINDOW}
     * after a claim found jobs or while the listener holds notifications back. Elsewhere, and until then, it polls:
     * the pause between polls is a quarter of the time
     * since this backend last saw work, at least 10 ms and at most {@code errand.jdbc.pollInterval}
     * (default 1 s); so a worker that just finished a job sees the next one within about 10 ms
     * and an idle worker costs one small query per second.
     */
    @Override
    public void awaitWork(Set<String> queues, Duration maxWait) throws InterruptedException {
        checkOpen();
        Objects.requireNonNull(queues, "queues == null");
        Objects.requireNonNull(maxWait, "maxWait == null");
        listenFromNowOn();
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before awaiting work on " + queues);
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!closed) {
            WorkSignals.Snapshot seen = signals.snapshot(queues);
            long untilDue = nanosUntilDue(queues);
            if (untilDue <= 0) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            long wait = Math.min(left, untilDue);
            boolean hearing = hearing();
            if (!hearing) {
                wait = Math.min(wait, pollPause(signals.nanosSinceActivity()));
            } else if (withinStreamWindow()) {
                wait = Math.min(wait, pollPause(signals.nanosSinceFound()));
            }
            if (hearing ? awaitSignalWhileHeard(queues, seen, wait) : signals.await(queues, seen, wait)) {
                return;
            }
        }
    }

    /**
     * The pause before the next poll, {@code sinceNanos} after the work it counts from: a quarter of that, at least
     * {@link #MIN_POLL}, at most {@code errand.jdbc.pollInterval}.
     */
    private long pollPause(long sinceNanos) {
        return Math.min(
                Math.max(MIN_POLL.toNanos(), sinceNanos / 4),
                settings.pollInterval().toNanos());
    }

    /** True for {@link #STREAM_WINDOW} after a claim found jobs. */
    boolean withinStreamWindow() {
        return signals.nanosSinceFound() < STREAM_WINDOW.toNanos();
    }

    /** True while the LISTEN session holds notifications back ({@link PgListener#holdingBack()}). */
    boolean notificationsHeldBack() {
        return listener != null && listener.holdingBack();
    }

    /** True while notifications wake this backend's waiters: its LISTEN session is open and hands them on. */
    private boolean hearing() {
        return listener != null && listener.connected() && !notificationsHeldBack();
    }

    /**
     * Waits up to {@code nanos} for a signal; true when one came. It also stops (false) once the listener begins to
     * hold notifications back, checking every {@link PgListener#HELD_BACK_AFTER}, so that the caller polls instead.
     */
    private boolean awaitSignalWhileHeard(Set<String> queues, WorkSignals.Snapshot seen, long nanos)
            throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            if (signals.await(queues, seen, Math.min(left, PgListener.HELD_BACK_AFTER.toNanos()))) {
                return true;
            }
            if (!hearing()) {
                return false;
            }
        }
    }

    /** Nanoseconds until the earliest waiting job of the queues is due: 0 or less when one is, MAX_VALUE when none waits. */
    private long nanosUntilDue(Set<String> queues) {
        long nowMicros = Micros.of(clock.instant());
        Long earliest = db.read("look for due jobs", c -> {
            Long min = null;
            try (PreparedStatement ps = c.prepareStatement(db.dialect().nextRunAt())) {
                for (String queue : queues) {
                    ps.setString(1, queue);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            long runAt = rs.getLong(1);
                            if (!rs.wasNull() && (min == null || runAt < min)) {
                                min = runAt;
                            }
                        }
                    }
                }
            }
            return min;
        });
        if (earliest == null) {
            return Long.MAX_VALUE;
        }
        long micros = earliest - nowMicros;
        return micros <= 0 ? 0 : micros > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : micros * 1000;
    }

    @Override
    public void wakeUp() {
        signals.signalAll();
    }

    @Override
    public boolean complete(Lease lease, byte[] result) {
        checkOpen();
        Objects.requireNonNull(lease, "lease == null");
        return running.complete(lease, result, clock.instant());
    }

    /** One transaction for the batch: one fenced statement (PostgreSQL) or one JDBC batch, one batch of results, one commit. */
    @Override
    public List<Boolean> completeAll(List<Completion> completions) {
        checkOpen();
        Objects.requireNonNull(completions, "completions == null");
        completions.forEach(c -> Objects.requireNonNull(c, "completion == null"));
        return completions.isEmpty() ? List.of() : running.completeAll(completions, clock.instant());
    }

    @Override
    public boolean fail(Lease lease, JobError error, Instant retryAt) {
        checkOpen();
        Objects.requireNonNull(lease, "lease == null");
        Objects.requireNonNull(error, "error == null");
        return running.fail(lease, error, retryAt, clock.instant());
    }

    @Override
    public Set<JobId> renew(Collection<Lease> leases, Duration leaseDuration) {
        checkOpen();
        Objects.requireNonNull(leases, "leases == null");
        requirePositive(leaseDuration, "leaseDuration");
        leases.forEach(l -> Objects.requireNonNull(l, "lease == null"));
        return leases.isEmpty()
                ? Set.of()
                : Set.copyOf(running.renew(leases, clock.instant().plus(leaseDuration)));
    }

    @Override
    public void release(Collection<Lease> leases) {
        checkOpen();
        Objects.requireNonNull(leases, "leases == null");
        leases.forEach(l -> Objects.requireNonNull(l, "lease == null"));
        running.release(leases);
        signals.activity();
        if (!leases.isEmpty()) {
            signals.signalAll(); // the jobs wait again: this process's idle workers hear of them as of new ones
        }
    }

    @Override
    public int recoverExpiredLeases() {
        checkOpen();
        return running.recoverExpired(clock.instant());
    }

    /** Starts deleting the jobs past their retention on the retention thread, if it is time and none is running. */
    @Override
    public void pruneFinished() {
        checkOpen();
        retention.maybePrune(clock.instant());
    }

    @Override
    public boolean leadMaintenance(String owner, Duration term) {
        checkOpen();
        Objects.requireNonNull(owner, "owner == null");
        Objects.requireNonNull(term, "term == null");
        return maintenanceLeases.lead(owner, term);
    }

    @Override
    public void resignMaintenance(String owner) {
        checkOpen();
        maintenanceLeases.resign(Objects.requireNonNull(owner, "owner == null"));
    }

    @Override
    public boolean cancel(JobId id) {
        checkOpen();
        Objects.requireNonNull(id, "id == null");
        long key = JobIds.parse(id);
        if (key < 0) {
            return false;
        }
        boolean cancelled = db.transaction("cancel job " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(db.dialect().cancel())) {
                ps.setLong(1, Micros.of(clock.instant()));
                ps.setLong(2, key);
                return ps.executeUpdate() == 1;
            }
        });
        if (cancelled) {
            outcomes.nudge();
        }
        return cancelled;
    }

    @Override
    public JobPage listJobs(JobQuery query) {
        checkOpen();
        return operations.list(Objects.requireNonNull(query, "query == null"));
    }

    @Override
    public boolean retry(JobId id) {
        checkOpen();
        boolean retried = operations.retry(Objects.requireNonNull(id, "id == null"));
        if (retried) {
            signals.signalAll();
        }
        return retried;
    }

    @Override
    public int retryDead(Optional<String> name, Optional<String> queue) {
        checkOpen();
        int n = operations.retryDead(
                Objects.requireNonNull(name, "name == null").map(Names::checkJobName),
                Objects.requireNonNull(queue, "queue == null").map(Names::checkQueue));
        if (n > 0) {
            signals.signalAll();
        }
        return n;
    }

    @Override
    public boolean delete(JobId id) {
        checkOpen();
        boolean deleted = operations.delete(Objects.requireNonNull(id, "id == null"));
        if (deleted) {
            outcomes.deleted(id);
        }
        return deleted;
    }

    @Override
    public long purgeFinished(Instant finishedBefore) {
        checkOpen();
        return retention.purge(Objects.requireNonNull(finishedBefore, "finishedBefore == null"));
    }

    @Override
    public void pause(String queue) {
        checkOpen();
        operations.pause(Names.checkQueue(queue));
    }

    @Override
    public void resume(String queue) {
        checkOpen();
        operations.resume(Names.checkQueue(queue));
        signals.signalAll();
    }

    @Override
    public Set<String> pausedQueues() {
        checkOpen();
        return operations.paused();
    }

    @Override
    public Optional<JobInfo> find(JobId id) {
        checkOpen();
        Objects.requireNonNull(id, "id == null");
        return reader.find(id, clock.instant());
    }

    @Override
    public List<QueueStats> queueStats() {
        checkOpen();
        return reader.queueStats(clock.instant());
    }

    @Override
    public Optional<byte[]> arguments(JobId id) {
        checkOpen();
        return reader.arguments(Objects.requireNonNull(id, "id == null"));
    }

    @Override
    public List<FinishedStats> finishedStats(Instant succeededSince) {
        checkOpen();
        return reader.finishedStats(Objects.requireNonNull(succeededSince, "succeededSince == null"));
    }

    @Override
    public void saveSchedule(Schedule schedule) {
        checkOpen();
        schedules.save(Objects.requireNonNull(schedule, "schedule == null"));
    }

    @Override
    public List<Schedule> schedules() {
        checkOpen();
        return schedules.all();
    }

    @Override
    public List<Schedule> dueSchedules(Instant now, int max) {
        checkOpen();
        return schedules.due(Objects.requireNonNull(now, "now == null"), max);
    }

    @Override
    public boolean fireSchedule(String name, Instant expectedNext, Instant newNext, List<NewJob> runs) {
        checkOpen();
        EnqueueResult[] results = schedules.fire(name, expectedNext, newNext, runs);
        if (results == null) {
            return false;
        }
        announce(runs, results);
        return true;
    }

    @Override
    public boolean pauseSchedule(String name) {
        checkOpen();
        return schedules.pause(name);
    }

    @Override
    public boolean resumeSchedule(String name, Instant nextFire) {
        checkOpen();
        return schedules.resume(name, nextFire);
    }

    @Override
    public boolean deleteSchedule(String name) {
        checkOpen();
        return schedules.delete(name);
    }

    @Override
    public CompletableFuture<Outcome> outcome(JobId id) {
        checkOpen();
        Objects.requireNonNull(id, "id == null");
        return outcomes.outcome(
                id,
                "JDBC backend (" + db.dialect().name() + ", tables "
                        + db.dialect().tables().jobs() + ")");
    }

    /**
     * Opens the PostgreSQL LISTEN session the first time this process waits for work or for an outcome (of a job not
     * finished when asked). A process that only enqueues keeps none, so a NOTIFY wakes only the sessions of processes
     * that wait for one: with a session per process, every enqueue woke every producer's session and thread as well.
     * Until the session listens, waits poll; once it listens, every waiter looks again, so nothing announced before is
     * missed.
     */
    private void listenFromNowOn() {
        if (listener != null) {
            listener.start();
        }
    }

    /**
     * Stops the listener, the outcome poller and the retention thread (after its current batch), fails pending
     * outcome futures (the jobs stay in the database), releases idle workers, and closes the pool if the backend
     * opened it.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        signals.signalAll();
        if (listener != null) {
            listener.close();
        }
        outcomes.close("the JDBC backend was closed");
        retention.close();
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    /** The pool this backend opened (none when it runs on a data source the caller owns). */
    @Override
    public Optional<ConnectionPool> connectionPool() {
        return ownedPool == null
                ? Optional.empty()
                : Optional.of(new ConnectionPool(
                        JdbcSettings.POOL_PREFIX + JdbcSettings.MAXIMUM_POOL_SIZE,
                        ownedPool.getMaximumPoolSize(),
                        settings.reservedConnections(),
                        !settings.poolSizeSet()));
    }

    /** {@link System#nanoTime()} when the PostgreSQL LISTEN session last (re)started, 0 if none; for this module's tests. */
    long listeningSinceForTests() {
        return listener == null ? 0 : listener.listeningSince();
    }

    /** The wake-up counters the idle workers of these queues compare against; for this module's tests. */
    WorkSignals.Snapshot signalsForTests(Set<String> queues) {
        return signals.snapshot(queues);
    }

    /** Runs one retention pass now in the calling thread, as the retention thread would; for this module's tests. */
    Retention.Pass pruneForTests() {
        return retention.pass(clock.instant(), Retention.PASS_LIMIT);
    }

    /** The pool this backend uses; for this module's tests. */
    javax.sql.DataSource dataSourceForTests() {
        return db.dataSource();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("JDBC backend is closed");
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name + " == null");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive but was " + d);
        }
    }
}
