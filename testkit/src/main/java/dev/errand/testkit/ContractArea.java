package dev.errand.testkit;

import dev.errand.config.ErrandConfig;
import dev.errand.job.JobDefinition;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.Capability;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.NewJob;
import dev.errand.testing.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/**
 * What every area of the contract shares: a fresh backend over an empty store per test, on a
 * clock the test moves by hand. {@link BackendContract} binds each area to the backend under test.
 */
public abstract class ContractArea {
    protected static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    protected static final Duration LEASE = Duration.ofSeconds(30);
    protected static final String OWNER = "tck-worker";

    private final Function<BackendContext, Backend> factory;
    protected SettableClock clock;
    protected Backend backend;
    /** The state {@link #info} last saw of each job. */
    private final Map<JobId, JobState> seen = new HashMap<>();
    /**
     * The job names the contract's jobs use ({@link NewJobs} and the areas' own): what its workers register, so that a
     * backend routing by job name (TheSchwartz, Gearman) hands them out.
     */
    protected static final List<String> JOB_NAMES = List.of(
            "Tck.job",
            "Tck.m",
            "Tck.echo",
            "Tck.fetch",
            "Tck.u",
            "Tck.a",
            "Tck.b",
            "Tck.s1",
            "Tck.s2",
            "Mail.send",
            "Mail.digest",
            "Img.resize");
    /** The queues each backend (by identity) and worker registered for, by {@link #claimOn}. */
    private final Map<Backend, Map<String, Set<String>>> registered = new java.util.IdentityHashMap<>();

    /** @param factory makes a new backend over an empty store; called once per test */
    protected ContractArea(Function<BackendContext, Backend> factory) {
        this.factory = factory;
    }

    /** The traits ({@link ContractTrait}) of the backend under test; none for Errand's own backends. */
    protected Set<ContractTrait> traits() {
        return Set.of();
    }

    /** True when the backend under test has the trait: an assertion it rules out is not made. */
    protected boolean has(ContractTrait trait) {
        return traits().contains(trait);
    }

    /**
     * The test, named after the capability it needs, when the backend declares it; none otherwise. A {@code
     * TestFactory} returns it, so an area runs on every backend what that backend can do, and nothing shows as
     * skipped or passed where it cannot.
     */
    protected Stream<DynamicTest> whenDeclared(Capability capability, Executable test) {
        return backend.capabilities().contains(capability)
                ? Stream.of(DynamicTest.dynamicTest(capability + " (declared by " + backend.name() + ")", test))
                : Stream.empty();
    }

    /** The test when the backend declares both capabilities it needs; none otherwise. */
    protected Stream<DynamicTest> whenDeclared(Capability capability, Capability also, Executable test) {
        return backend.capabilities().containsAll(java.util.EnumSet.of(capability, also))
                ? Stream.of(DynamicTest.dynamicTest(
                        capability + " and " + also + " (declared by " + backend.name() + ")", test))
                : Stream.empty();
    }

    /** The test, unless the backend has the trait, which rules it out; none then. */
    protected Stream<DynamicTest> unlessTrait(ContractTrait trait, Executable test) {
        return has(trait)
                ? Stream.empty()
                : Stream.of(DynamicTest.dynamicTest("without " + trait + " (" + backend.name() + ")", test));
    }

    /** The clock the backend uses; end-to-end tests override it with the system clock. */
    protected Clock backendClock() {
        return clock;
    }

    @BeforeEach
    void openBackend() {
        clock = new SettableClock(T0);
        backend = factory.apply(new BackendContext(ErrandConfig.empty(), backendClock()));
    }

    @AfterEach
    void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    /**
     * The job as {@link Backend#find} reports it, checked against the one state machine: the state
     * this test saw last must lead to it along {@link JobState#canMoveTo} (a worker may have taken
     * it through states unseen). Tests that look at every step thus check every transition.
     */
    protected JobInfo info(JobId id) {
        JobInfo info = backend.find(id).orElseThrow(() -> new AssertionError("job " + id + " is not found"));
        JobState before = seen.put(id, info.state());
        if (before != null && !leadsTo(before, info.state())) {
            throw new AssertionError("job " + id + " went from " + before + " to " + info.state()
                    + ", which the state machine does not allow (JobState.canMoveTo: from " + before + " only to "
                    + before.next() + ")");
        }
        return info;
    }

    /** True when {@code to} is {@code from} or reachable from it through allowed transitions. */
    private static boolean leadsTo(JobState from, JobState to) {
        Set<JobState> reached = EnumSet.of(from);
        Deque<JobState> todo = new ArrayDeque<>(reached);
        while (!todo.isEmpty()) {
            for (JobState next : todo.poll().next()) {
                if (reached.add(next)) {
                    todo.add(next);
                }
            }
        }
        return reached.contains(to);
    }

    protected JobState state(JobId id) {
        return info(id).state();
    }

    protected NewJobs job() {
        return NewJobs.at(clock.instant());
    }

    protected EnqueueResult enqueue(NewJob job) {
        return backend.enqueue(List.of(job)).get(0);
    }

    protected List<ClaimedJob> claim(String queue, int max) {
        return claimOn(backend, OWNER, queue, max);
    }

    /**
     * Claims from {@code queue} on {@code on} as worker {@code owner}, which first registers the contract's job names
     * ({@link #JOB_NAMES}) on the queues it has claimed from ({@link Backend#registerWorker}), as a worker does before
     * its first claim: a backend that routes by job name (Gearman) hands out nothing before it; the others ignore it.
     */
    protected List<ClaimedJob> claimOn(Backend on, String owner, String queue, int max) {
        register(on, owner, queue, max);
        return on.claim(Set.of(queue), max, owner, LEASE);
    }

    /** Registers {@code owner} on {@code on} for the contract's job names on {@code queue} and the queues before. */
    protected void register(Backend on, String owner, String queue, int max) {
        Set<String> queues = registered
                .computeIfAbsent(on, b -> new HashMap<>())
                .computeIfAbsent(owner, o -> new java.util.TreeSet<>());
        if (queues.add(queue)) {
            List<JobDefinition<?>> jobs = new java.util.ArrayList<>();
            for (String q : queues) {
                for (String name : JOB_NAMES) {
                    jobs.add(JobDefinition.builder(name, ContractArea.class, "job")
                            .queue(q)
                            .build());
                }
            }
            on.registerWorker(owner, jobs, Set.copyOf(queues), Math.max(1, max));
        }
    }

    protected ClaimedJob claimOne(String queue) {
        List<ClaimedJob> claimed = claim(queue, 1);
        if (claimed.size() != 1) {
            throw new AssertionError("expected to claim one job from queue " + queue + " but got " + claimed);
        }
        return claimed.get(0);
    }
}
