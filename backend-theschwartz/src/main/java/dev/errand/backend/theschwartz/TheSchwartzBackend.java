package dev.errand.backend.theschwartz;

import com.zaxxer.hikari.HikariDataSource;
import dev.errand.job.JobDefinition;
import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.Capability;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Completion;
import dev.errand.spi.ConnectionPool;
import dev.errand.spi.EnqueueResult;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errand on TheSchwartz 1.12's own tables, shared with Perl clients and workers: jobs are {@code job} rows of a
 * function ({@code funcmap}), a grab is {@code grabbed_until}, failures are {@code error} rows, outcomes are {@code
 * exitstatus} rows. A job's Errand name is its function name; workers grab the functions of their registered jobs.
 * Times are whole epoch seconds from the injected clock, as Perl uses its host's.
 */
final class TheSchwartzBackend implements Backend, TransactionalEnqueue {
    private static final Logger log = LoggerFactory.getLogger(TheSchwartzBackend.class);
    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(
            Capability.DURABLE,
            Capability.SHARED,
            Capability.SCHEDULING,
            Capability.CANCEL,
            Capability.BACKGROUND_OUTCOMES,
            Capability.TRANSACTIONAL_ENQUEUE));
    private static final long CLEANUP_EVERY_SECONDS = 60;
    private static final long ERROR_MAX_AGE_SECONDS = 7 * 86400;

    private final TheSchwartzSettings settings;
    private final Clock clock;
    private final HikariDataSource pool;
    private final Registrations registrations = new Registrations();
    private final Inserter inserter;
    private final Grabber grabber;
    private final Finisher finisher;
    private final JobStates states;
    private final OutcomeWaiters outcomes;
    private final FuncMap funcMap;
    private final DatabaseOutage outage;
    private final PendingFinishes pending = new PendingFinishes();
    private final Object idle = new Object();
    private final AtomicLong lastCleanup = new AtomicLong();
    private long wakeUps; // guarded by idle

    TheSchwartzBackend(BackendContext context) {
        this.settings = TheSchwartzSettings.from(context.config());
        this.clock = context.clock();
        this.pool = Database.open(settings);
        try {
            Database.prepare(pool, settings);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        LeaseTokens tokens = new LeaseTokens();
        this.funcMap = new FuncMap(pool);
        JobIds ids = new JobIds(settings.perlDsn(), settings.username());
        this.inserter = new Inserter(
                pool,
                settings.dialect(),
                funcMap,
                ids,
                new ArgReader(
                        TheSchwartzSettings.perlJson(context.config()), TheSchwartzSettings.limits(context.config())));
        this.grabber = new Grabber(
                pool, funcMap, tokens, settings.batchSize(), clock, ids, settings.dialect() == Dialect.SQLITE);
        this.finisher = new Finisher(pool, settings.dialect(), tokens, settings.keepSeconds(), ids);
        this.states = new JobStates(pool, registrations, finisher, settings.keepSeconds(), ids);
        this.outcomes = new OutcomeWaiters(states, clock, settings.pollInterval());
        this.outage = new DatabaseOutage(settings.safeUrl(), clock);
        log.info(
                "TheSchwartz backend on {} ({})",
                settings.safeUrl(),
                settings.dialect().settingName());
    }

    @Override
    public String name() {
        return "theschwartz";
    }

    /** Without {@code BACKGROUND_OUTCOMES} when this process's workers keep no exit status to read outcomes from. */
    @Override
    public Set<Capability> capabilities() {
        if (settings.keepSeconds() > 0) {
            return CAPABILITIES;
        }
        EnumSet<Capability> without = EnumSet.copyOf(CAPABILITIES);
        without.remove(Capability.BACKGROUND_OUTCOMES);
        return Set.copyOf(without);
    }

    @Override
    public String instead(Capability missing) {
        return switch (missing) {
            case RESULTS -> "TheSchwartz stores no results: make the job void, or use enqueue()";
            case QUEUES -> "TheSchwartz routes by function name: call the job without queue(...)";
            case PER_CALL_MAX_ATTEMPTS -> "the retry limit belongs to the worker: set @Job(maxAttempts)";
            case BACKGROUND_OUTCOMES ->
                TheSchwartzKeys.KEEP_EXIT_STATUS_FOR.key()
                        + " is 0, so Java workers write no exit status to read the outcome from: set it above 0 (and"
                        + " keep_exit_status_for in Perl worker classes), or look at the job with job(id) while it is"
                        + " unfinished";
            default -> null;
        };
    }

    @Override
    public List<EnqueueResult> enqueue(List<NewJob> jobs) {
        List<EnqueueResult> results = inserter.insert(jobs);
        wakeUp();
        return results;
    }

    /** Inserts on the caller's connection, so the jobs commit or roll back with the caller's data (same database). */
    @Override
    public List<EnqueueResult> enqueue(Connection connection, List<NewJob> jobs) {
        return inserter.insertOn(connection, jobs);
    }

    @Override
    public void registerWorker(String owner, Collection<JobDefinition<?>> jobs, Set<String> queues) {
        registrations.register(owner, jobs, queues);
    }

    @Override
    public void unregisterWorker(String owner) {
        registrations.unregister(owner);
    }

    @Override
    public List<ClaimedJob> claim(Set<String> queues, int max, String owner, Duration leaseDuration) {
        List<ClaimedJob> claimed = watched(() -> {
            pending.flush(); // before the grab, which could take those jobs again
            return grabber.grab(registrations.served(owner, queues), max, owner, leaseDuration);
        });
        outage.succeeded();
        return claimed;
    }

    /** The workers' failed calls in a row, and the line that said the database answers again. */
    DatabaseOutage outage() {
        return outage;
    }

    @Override
    public void awaitWork(Set<String> queues, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime()
                + Math.min(maxWait.toNanos(), settings.pollInterval().toNanos());
        synchronized (idle) {
            long seen = wakeUps;
            if (due(queues)) {
                return;
            }
            long left;
            while (wakeUps == seen && (left = deadline - System.nanoTime()) > 0) {
                idle.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private boolean due(Set<String> queues) {
        long now = now(); // first: a waiter has looked for work once it read the clock, served or not
        List<JobDefinition<?>> served = registrations.servedAnywhere(queues);
        if (served.isEmpty()) {
            return false;
        }
        // Function ids before the connection: one connection at a time (see JobStates#name).
        List<Integer> funcids = served.stream()
                .map(j -> funcMap.idOf(Functions.of(j).funcname()))
                .toList();
        try (Connection c = pool.getConnection();
                PreparedStatement s = c.prepareStatement(Statements.nextDue(funcids.size()))) {
            int i = 1;
            for (int funcid : funcids) {
                s.setInt(i++, funcid);
            }
            s.setLong(i, now);
            long next;
            boolean any;
            try (ResultSet rs = s.executeQuery()) {
                next = rs.next() ? rs.getLong(1) : 0;
                any = !rs.wasNull();
            }
            c.rollback(); // after the result set closed, so no read lock outlives the check (SQLite)
            return any && next <= now;
        } catch (SQLException e) {
            outage.failed();
            log.warn("cannot check for due TheSchwartz jobs; waiting a poll interval", e);
            return false;
        }
    }

    @Override
    public void wakeUp() {
        synchronized (idle) {
            wakeUps++;
            idle.notifyAll();
        }
    }

    @Override
    public boolean complete(Lease lease, byte[] result) {
        return complete(List.of(lease)).get(0);
    }

    @Override
    public List<Boolean> completeAll(List<Completion> completions) {
        return complete(completions.stream().map(Completion::lease).toList());
    }

    private List<Boolean> complete(List<Lease> leases) {
        try {
            List<Boolean> held = watched(() -> finisher.complete(leases, now()));
            leases.forEach(pending::done);
            return held;
        } catch (TheSchwartzException e) {
            leases.forEach(l -> pending.keep(l, () -> finisher.complete(List.of(l), now())));
            throw e;
        }
    }

    @Override
    public boolean fail(Lease lease, JobError error, Instant retryAt) {
        try {
            boolean held = watched(() -> finisher.fail(lease, error, retryAt, now()));
            pending.done(lease);
            return held;
        } catch (TheSchwartzException e) {
            pending.keep(lease, () -> finisher.fail(lease, error, retryAt, now()));
            throw e;
        }
    }

    @Override
    public Set<JobId> renew(Collection<Lease> leases, Duration leaseDuration) {
        return watched(() ->
                finisher.renew(leases, Finisher.ceilSeconds(clock.instant().plus(leaseDuration))));
    }

    /** A worker's call, whose failure counts towards the outage the next grab that works reports the end of. */
    private <T> T watched(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            outage.failed();
            throw e;
        }
    }

    @Override
    public void release(Collection<Lease> leases) {
        finisher.release(leases);
        if (!leases.isEmpty()) {
            wakeUp(); // the jobs are grabbable again: this process's idle workers hear of them as of new ones
        }
    }

    /**
     * Nothing to recover: a grab whose {@code grabbed_until} passed is grabbable again by anyone. Cleans old error
     * and exitstatus rows, at most once a minute, as Perl workers do while they work.
     */
    @Override
    public int recoverExpiredLeases() {
        long now = now();
        long last = lastCleanup.get();
        if (now - last >= CLEANUP_EVERY_SECONDS && lastCleanup.compareAndSet(last, now)) {
            cleanup(now);
        }
        return 0;
    }

    private void cleanup(long now) {
        try (Connection c = pool.getConnection()) {
            try (PreparedStatement errors = c.prepareStatement(Statements.CLEAN_ERRORS);
                    PreparedStatement exits = c.prepareStatement(Statements.CLEAN_EXITSTATUS)) {
                errors.setLong(1, now - ERROR_MAX_AGE_SECONDS);
                errors.executeUpdate();
                exits.setLong(1, now);
                exits.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            log.warn("cannot delete old error and exitstatus rows; trying again in a minute", e);
        }
    }

    @Override
    public boolean cancel(JobId id) {
        return states.cancel(id, now());
    }

    @Override
    public Optional<JobInfo> find(JobId id) {
        return states.find(id, now());
    }

    @Override
    public List<QueueStats> queueStats() {
        return states.queueStats(now());
    }

    @Override
    public CompletableFuture<Outcome> outcome(JobId id) {
        return outcomes.await(id);
    }

    @Override
    public void saveSchedule(Schedule schedule) {
        throw new UnsupportedOperationException(
                "the theschwartz backend stores no recurring schedules (TheSchwartz has "
                        + "no table for them); run the recurring jobs on the jdbc or redis backend, or insert them from cron");
    }

    @Override
    public Optional<ConnectionPool> connectionPool() {
        boolean defaulted = settings.pool().keySet().stream().noneMatch("maximumPoolSize"::equalsIgnoreCase);
        return Optional.of(new ConnectionPool(
                TheSchwartzKeys.POOL_PREFIX + "maximumPoolSize", pool.getMaximumPoolSize(), 1, defaulted));
    }

    @Override
    public void close() {
        wakeUp();
        outcomes.close();
        pool.close();
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
