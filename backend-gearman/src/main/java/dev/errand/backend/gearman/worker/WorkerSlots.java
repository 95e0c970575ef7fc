package dev.errand.backend.gearman.worker;

import dev.errand.backend.gearman.GearmanCodec;
import dev.errand.backend.gearman.GearmanSettings;
import dev.errand.backend.gearman.ServerAddress;
import dev.errand.backend.gearman.Uniques;
import dev.errand.backend.gearman.protocol.Packet;
import dev.errand.backend.gearman.protocol.PacketType;
import dev.errand.config.ErrandConfigException;
import dev.errand.job.JobDefinition;
import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.Lease;
import dev.errand.storable.PerlValue;
import dev.errand.storable.StorableWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker connections of one Errand worker ({@code owner}): {@code errand.gearman.worker.connectionsPerThread}
 * slots per job thread and server (ADAPTERS.md §2.5), so {@code gearadmin --workers} lists each, and the worker never
 * holds more jobs than it has slots. Claims grab on idle
 * slots that gearmand woke (or that have not asked for {@code errand.gearman.worker.regrabInterval}); a failed attempt
 * with attempts left stays held on its slot and is offered again when its backoff ends (inline retries).
 */
public final class WorkerSlots {
    private static final Logger log = LoggerFactory.getLogger(WorkerSlots.class);

    /** Packets are immutable: the one grab serves every slot. */
    private static final Packet GRAB = Packet.of(PacketType.GRAB_JOB_UNIQ);

    private final String owner;
    private final Set<String> queues;
    private final GearmanSettings settings;
    private final Clock clock;
    private final Map<String, JobDefinition<?>> byFunction;
    private final List<Slot> slots = new ArrayList<>();
    private final Map<JobId, Slot> holding = new ConcurrentHashMap<>();
    /**
     * Per job thread that claims its next job itself ({@link #claimNext}): the slots its successes asked on for the
     * next job, by the finished job's id; absent for every other thread (the fetcher, the completer, a drain's caller).
     */
    private final ThreadLocal<Map<JobId, Slot>> askedFor = new ThreadLocal<>();
    /** Reports the slots gearmand sent something to; the fetcher's thread reads them in {@link #claim} and {@link #await}. */
    private final Selector selector;

    public WorkerSlots(
            String owner,
            Collection<JobDefinition<?>> jobs,
            Set<String> queues,
            int threads,
            GearmanSettings settings,
            Clock clock,
            Runnable signal) {
        this.owner = owner;
        this.queues = Set.copyOf(queues);
        this.settings = settings;
        this.clock = clock;
        this.byFunction = new ConcurrentHashMap<>();
        for (JobDefinition<?> job : jobs) {
            if (queues.contains(job.queue())) {
                String function = GearmanCodec.wireName(job);
                JobDefinition<?> other = byFunction.putIfAbsent(function, job);
                if (other != null) {
                    throw new ErrandConfigException(
                            "worker " + owner + " registers two jobs for Gearman function "
                                    + function + ": " + method(other) + " and " + method(job)
                                    + "; a claimed job would be "
                                    + "ambiguous: serve them from different workers or give one another @GearmanFunction(name)");
                }
            }
        }
        List<String> functions = byFunction.keySet().stream().sorted().toList();
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "worker " + owner + " cannot open a selector for its Gearman connections", e);
        }
        for (ServerAddress server : settings.servers()) {
            for (int i = 1; i <= threads * settings.connectionsPerThread(); i++) {
                slots.add(new Slot(
                        server,
                        owner + "#" + i,
                        functions,
                        settings.connectTimeout(),
                        settings.responseTimeout(),
                        i <= threads,
                        selector,
                        signal));
            }
        }
        long now = System.nanoTime();
        for (Slot s : slots) {
            s.connect(now);
        }
    }

    private static String method(JobDefinition<?> job) {
        return job.name() + " (" + job.targetType().getName() + "." + job.methodName() + ")";
    }

    /** Whether this worker serves any of {@code queues}. */
    public boolean serves(Set<String> asked) {
        for (String q : asked) {
            if (queues.contains(q)) {
                return true;
            }
        }
        return false;
    }

    /** Up to {@code max} jobs: inline retries that are due, then jobs grabbed on idle slots. */
    public synchronized List<ClaimedJob> claim(int max) {
        read(-1);
        List<ClaimedJob> claimed = new ArrayList<>();
        Instant now = clock.instant();
        for (Slot s : slots) {
            if (claimed.size() >= max) {
                return claimed;
            }
            synchronized (s) {
                HeldJob h = s.held;
                if (h != null && h.retryDue != null && !h.retryDue.isAfter(now)) {
                    h.retryDue = null;
                    h.lease = new Lease(h.id, owner, h.lease.attempt() + 1);
                    claimed.add(h.claimed());
                }
            }
        }
        // Answers to the grabs sent with a job's result (finish), then new grabs on woken idle slots.
        collect(pending(), max, claimed);
        if (!claimed.isEmpty()) {
            wakeResting(); // jobs keep coming to the grabs sent with results: put every slot to work
        }
        long nanos = System.nanoTime();
        List<Slot> asked = new ArrayList<>();
        for (Slot s : slots) {
            if (claimed.size() + asked.size() >= max) {
                break;
            }
            if (!s.connected() && !(nanos - s.reconnectAtNanos >= 0 && s.connect(nanos))) {
                continue;
            }
            boolean idle;
            synchronized (s) {
                idle = s.held == null && !s.grabSent && !s.owned;
            }
            if (idle
                    && (s.awake
                            || nanos - s.lastGrabNanos
                                    >= settings.regrabInterval().toNanos())) {
                if (s.sendGrab(nanos)) {
                    asked.add(s);
                }
            }
        }
        if (!asked.isEmpty()) {
            awaitAnswers(asked);
            collect(asked, max, claimed);
        }
        return claimed;
    }

    /**
     * Reads until gearmand has answered every grab just sent (a job or NO_JOB: one round trip), so that a claim returns
     * what gearmand has for this worker now, as a claim does on every backend; at most the response timeout, after
     * which {@link #collect} reconnects a silent slot.
     */
    private void awaitAnswers(List<Slot> asked) {
        long deadline = System.nanoTime() + settings.responseTimeout().toNanos();
        read(-1);
        while (!answered(asked)) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !selector.isOpen()) { // a closed worker's claim ends at once
                return;
            }
            read(Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    private static boolean answered(List<Slot> asked) {
        for (Slot s : asked) {
            if (s.connected() && !s.hasAnswer()) {
                return false;
            }
        }
        return true;
    }

    /** The idle slots whose grab is still unanswered. */
    private List<Slot> pending() {
        List<Slot> pending = new ArrayList<>();
        for (Slot s : slots) {
            synchronized (s) {
                if (s.held == null && s.grabSent && !s.owned) {
                    pending.add(s);
                }
            }
        }
        return pending;
    }

    /**
     * Takes the answers that came to these slots' grabs, up to {@code max} jobs in all; the others stay queued on their
     * slot, and one still on its way makes the selector report its slot.
     */
    private void collect(List<Slot> grabbing, int max, List<ClaimedJob> claimed) {
        for (Slot s : grabbing) {
            if (claimed.size() >= max) {
                return;
            }
            Packet answer = s.grabAnswer(settings.responseTimeout());
            if (answer == null) {
                continue;
            }
            if (answer.type() == PacketType.NO_JOB) {
                if (s.sleeps) {
                    s.send(List.of(Packet.of(PacketType.PRE_SLEEP)));
                } // else it rests until jobs flow again (wakeResting) or its regrab interval passes
            } else {
                assigned(s, answer).ifPresent(claimed::add);
            }
        }
    }

    /**
     * Reads what gearmand sent to the slots: waits up to {@code timeoutMillis} for something (not at all when negative),
     * or until {@link #wake}.
     */
    private void read(long timeoutMillis) {
        try {
            if (timeoutMillis < 0) {
                selector.selectNow(k -> ((Slot) k.attachment()).readable());
            } else {
                selector.select(k -> ((Slot) k.attachment()).readable(), Math.max(1, timeoutMillis));
            }
        } catch (IOException e) {
            log.warn("worker {} could not wait for its Gearman connections: {}", owner, e.toString());
        } catch (ClosedSelectorException e) {
            // closed by close(): this worker is done
        }
    }

    /**
     * Reads what arrives until a claim may find something ({@link #nextChanceNanos}), {@code deadlineNanos} passes,
     * {@link #wake} is called, {@code stop} says so or the worker is closed; on the fetcher's thread.
     */
    public synchronized void await(long deadlineNanos, BooleanSupplier stop) {
        while (!stop.getAsBoolean() && selector.isOpen()) {
            long now = System.nanoTime();
            long next = nextChanceNanos(now);
            long until = next - deadlineNanos < 0 ? next : deadlineNanos;
            long wait = until - now;
            if (wait <= 0) {
                return;
            }
            read(TimeUnit.NANOSECONDS.toMillis(wait + 999_999));
        }
    }

    /** Ends a wait in {@link #await} at once, so that it looks again (a retry came due sooner, the worker stops...). */
    public void wake() {
        selector.wakeup();
    }

    /** Has the slots that rest without sleeping ({@link Slot#sleeps}) grab at the next claim. */
    private void wakeResting() {
        for (Slot s : slots) {
            if (!s.sleeps) {
                synchronized (s) {
                    if (s.held == null && !s.grabSent && !s.owned) {
                        s.awake = true;
                    }
                }
            }
        }
    }

    private Optional<ClaimedJob> assigned(Slot s, Packet p) {
        byte[] handleBytes = p.arg(0);
        String handle = new String(handleBytes, StandardCharsets.UTF_8);
        String function = p.text(1);
        String unique = p.type() == PacketType.JOB_ASSIGN ? "" : p.text(2);
        byte[] workload = p.arg(p.argCount() - 1);
        JobDefinition<?> def = byFunction.get(function);
        if (def == null) {
            // Never registered here: tell the client rather than hold it.
            log.error(
                    "gearmand {} assigned job {} of function {} to worker {}, which does not serve it; failing it",
                    s.server,
                    handle,
                    function,
                    owner);
            s.send(List.of(Packet.ofText(PacketType.WORK_FAIL, handle)));
            s.awake = true;
            return Optional.empty();
        }
        JobId id = JobId.of(s.idPrefix + handle);
        Optional<Instant> stamp = Uniques.enqueuedAt(unique);
        int maxAttempts = settings.inlineRetries() ? def.maxAttempts() : 1;
        HeldJob h = new HeldJob(
                id,
                handle,
                handleBytes,
                def,
                workload,
                stamp.orElseGet(clock::instant),
                stamp.isPresent(),
                maxAttempts,
                new Lease(id, owner, 1));
        synchronized (s) {
            s.held = h;
        }
        holding.put(id, s);
        return Optional.of(h.claimed());
    }

    /**
     * The earliest {@link System#nanoTime} at which a claim may find something: now for a woken idle slot, else a
     * retry's due time, a regrab or a reconnection.
     */
    public long nextChanceNanos(long now) {
        long next = Long.MAX_VALUE;
        Instant wall = clock.instant();
        for (Slot s : slots) {
            if (!s.connected()) {
                next = Math.min(next, s.reconnectAtNanos);
                continue;
            }
            synchronized (s) {
                HeldJob h = s.held;
                if (s.owned) {
                    continue; // its job thread reads it and gives it back when it stops asking
                }
                if (h == null) {
                    if (s.grabSent) {
                        if (s.hasAnswer()) {
                            return now;
                        }
                        // its arrival wakes the waiter; gearmand's silence ends at the response timeout
                        next = Math.min(
                                next,
                                s.lastGrabNanos + settings.responseTimeout().toNanos());
                        continue;
                    }
                    if (s.awake) {
                        return now;
                    }
                    next = Math.min(
                            next, s.lastGrabNanos + settings.regrabInterval().toNanos());
                } else if (h.retryDue != null) {
                    long wait = java.time.Duration.between(wall, h.retryDue).toNanos();
                    next = Math.min(next, now + Math.max(0, wait));
                }
            }
        }
        return next;
    }

    /** {@code WORK_COMPLETE}; false when the slot no longer holds this attempt. */
    public boolean complete(Lease lease, byte[] result) {
        byte[] bytes = result == null ? new byte[0] : result;
        return finish(lease, true, handle -> List.of(Packet.of(PacketType.WORK_COMPLETE, handle, bytes)));
    }

    /** Keeps the job for an inline retry when {@code retryAt} is set, else sends the failure packets (§2.4). */
    public boolean fail(Lease lease, JobError error, Instant retryAt) {
        Slot s = holding.get(lease.id());
        if (s == null) {
            return false;
        }
        if (retryAt != null) {
            synchronized (s) {
                HeldJob h = s.held;
                if (h == null || !h.lease.equals(lease)) {
                    return false;
                }
                Instant cap = clock.instant().plus(settings.maxInlineBackoff());
                h.retryDue = retryAt.isAfter(cap) ? cap : retryAt;
            }
            s.disown(); // the fetcher offers the retry when it is due
            return true;
        }
        String text = error.type() + (error.message().isEmpty() ? "" : ": " + error.message());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return finish(lease, false, handle -> switch (settings.exceptionEncoding()) {
            case WARNING ->
                List.of(Packet.of(PacketType.WORK_WARNING, handle, bytes), Packet.of(PacketType.WORK_FAIL, handle));
            case TEXT -> List.of(Packet.of(PacketType.WORK_EXCEPTION, handle, bytes));
            case STORABLE ->
                List.of(Packet.of(
                        PacketType.WORK_EXCEPTION, handle, new StorableWriter().write(PerlValue.Str.of(text))));
        });
    }

    /**
     * Sends the job's final packets, made for its handle by {@code packets}, and the next grab, in one write; false when
     * the slot no longer holds this attempt. The answer to a success's grab goes to the job thread when it claims its
     * next job itself ({@link #claimNext}) and recorded the success itself; every other answer to the fetcher.
     */
    private boolean finish(Lease lease, boolean success, Function<byte[], List<Packet>> packets) {
        Slot s = holding.get(lease.id());
        if (s == null) {
            return false;
        }
        Map<JobId, Slot> asked = success ? askedFor.get() : null;
        boolean sent;
        synchronized (s) {
            HeldJob h = s.held;
            if (h == null || !h.lease.equals(lease)) {
                holding.remove(lease.id(), s); // its connection dropped: gearmand re-queued the job
                return false;
            }
            // Free again: ask for the next job in the same write, as every Gearman worker does, saving a round trip.
            List<Packet> last = packets.apply(h.handleBytes);
            List<Packet> withGrab = new ArrayList<>(last.size() + 1);
            withGrab.addAll(last);
            withGrab.add(GRAB);
            s.held = null;
            holding.remove(lease.id(), s);
            s.grabSent = true;
            s.awake = false;
            s.lastGrabNanos = System.nanoTime();
            if (asked != null) {
                s.own(); // before the grab leaves, so the fetcher does not take its answer
                asked.put(lease.id(), s);
            }
            sent = s.send(withGrab);
        }
        if (asked == null) {
            s.disown(); // a failure, or a success recorded by another thread: the fetcher takes what comes
        }
        return sent;
    }

    /**
     * On the job thread that ran {@code finished} to success: the job gearmand assigned in answer to the grab sent with
     * its result, waiting for that answer (one round trip), so the job goes from the socket to the thread that runs it
     * with no other thread woken, as a C worker does. Empty, with the slot given back to the fetcher, when gearmand has
     * no job ({@code PRE_SLEEP} as usual), when {@code take} is false, or when the success was recorded by another
     * thread (the fetcher then takes the answer). The first call marks the calling thread as one that claims so.
     */
    public Optional<ClaimedJob> claimNext(Lease finished, boolean take) {
        Map<JobId, Slot> asked = askedFor.get();
        if (asked == null) {
            askedFor.set(new HashMap<>(4));
            return Optional.empty();
        }
        Slot s = asked.remove(finished.id());
        for (Slot other : asked.values()) {
            other.disown(); // successes of other threads that this one recorded with its own
        }
        asked.clear();
        if (s == null) {
            return Optional.empty();
        }
        if (take) {
            Packet answer = s.ownAnswer(settings.responseTimeout());
            if (answer != null && answer.type() != PacketType.NO_JOB) {
                Optional<ClaimedJob> job = assigned(s, answer);
                if (job.isPresent()) {
                    return job; // the slot stays this thread's: its result asks again
                }
            } else if (answer != null && s.sleeps) {
                s.send(List.of(Packet.of(PacketType.PRE_SLEEP)));
            }
        }
        s.disown();
        return Optional.empty();
    }

    /** The ids among {@code leases} whose slot no longer holds them (its connection dropped: gearmand re-queued them). */
    public Set<JobId> lost(Collection<Lease> leases) {
        Set<JobId> lost = new HashSet<>();
        for (Lease l : leases) {
            Slot s = holding.get(l.id());
            boolean held;
            if (s == null) {
                held = false;
            } else {
                s.readIfOwned(); // its job thread reads it only when the job ends
                synchronized (s) {
                    held = s.held != null && s.held.lease.equals(l);
                }
            }
            if (!held) {
                lost.add(l.id());
            }
        }
        return lost;
    }

    /** Hands the jobs back: closing a slot's connection is the only way; gearmand re-queues them. */
    public void release(Collection<Lease> leases) {
        for (Lease l : leases) {
            Slot s = holding.remove(l.id());
            if (s != null) {
                synchronized (s) {
                    s.held = null;
                }
                s.close();
            }
        }
    }

    public void close() {
        for (Slot s : slots) {
            s.retire();
        }
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("worker {}: closing the selector failed: {}", owner, e.toString());
        }
        log.debug("worker {} unregistered from gearmand: {} connections closed", owner, slots.size());
    }
}
