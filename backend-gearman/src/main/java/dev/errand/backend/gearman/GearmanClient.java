package dev.errand.backend.gearman;

import dev.errand.backend.gearman.admin.AdminClient;
import dev.errand.backend.gearman.client.ClientConnection;
import dev.errand.backend.gearman.client.FinishedJobs;
import dev.errand.backend.gearman.client.ForegroundJob;
import dev.errand.backend.gearman.client.GearmanClientException;
import dev.errand.backend.gearman.client.Replies;
import dev.errand.backend.gearman.protocol.Packet;
import dev.errand.backend.gearman.protocol.PacketType;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.NewJob;
import dev.errand.spi.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client half of the Gearman backend (ADAPTERS.md §2.3): submits, outcomes, status and cancel, over one
 * {@link ClientConnection} per server.
 */
final class GearmanClient implements AutoCloseable {
    private final GearmanSettings settings;
    private final Clock clock;
    private final ServerChoice choice;
    private final Map<ServerAddress, ClientConnection> connections = new LinkedHashMap<>();
    private final FinishedJobs finished;
    private final WireNames wireNames = WireNames.onClassPath();
    /** The background jobs this client sent lately, so {@link #find} can name them; the oldest are dropped. */
    private final Map<JobId, NewJob> recent =
            java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<JobId, NewJob> eldest) {
                    return size() > RECENT;
                }
            });

    private static final int RECENT = 10_000;
    /** Foreground jobs of this client until {@link #finished} holds how they ended. */
    private final Map<JobId, Waiting> waiting = new ConcurrentHashMap<>();

    GearmanClient(GearmanSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.choice = new ServerChoice(settings.servers());
        for (ServerAddress s : settings.servers()) {
            connections.put(
                    s,
                    new ClientConnection(
                            s, settings.connectTimeout(), settings.responseTimeout(), settings.exceptions()));
        }
        this.finished = new FinishedJobs(clock, settings.keepOutcomes());
    }

    /** Sends the jobs, per server pipelined in one flush; {@code foreground}: the caller awaits their outcomes. */
    List<EnqueueResult> submit(List<NewJob> jobs, boolean foreground) {
        Map<ServerAddress, List<Integer>> byServer = new LinkedHashMap<>();
        List<Packet> packets = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            NewJob job = jobs.get(i);
            String unique = unique(job);
            ServerAddress server = job.uniqueKey() != null ? choice.forKey(unique, job.payload()) : choice.roundRobin();
            byServer.computeIfAbsent(server, s -> new ArrayList<>()).add(i);
            byte[] function = wireNames.of(job.name()).getBytes(StandardCharsets.UTF_8);
            byte[] uniqueBytes = unique.getBytes(StandardCharsets.UTF_8);
            packets.add(
                    job.runAt().isAfter(job.enqueuedAt())
                            ? Epochs.packet(job, foreground, settings, function, uniqueBytes)
                            : Packet.of(type(job.priority(), foreground), function, uniqueBytes, job.payload()));
        }
        EnqueueResult[] results = new EnqueueResult[jobs.size()];
        for (Map.Entry<ServerAddress, List<Integer>> e : byServer.entrySet()) {
            List<Packet> batch = new ArrayList<>();
            List<NewJob> followed = new ArrayList<>();
            for (int i : e.getValue()) {
                batch.add(packets.get(i));
                followed.add(foreground ? jobs.get(i) : null);
            }
            List<ClientConnection.Submitted> created =
                    connections.get(e.getKey()).submit(batch, followed);
            Set<String> seen = new HashSet<>();
            for (int k = 0; k < created.size(); k++) {
                ClientConnection.Submitted s = created.get(k);
                int i = e.getValue().get(k);
                JobId id = JobHandles.id(e.getKey(), s.handle());
                boolean joined = s.job() != null && s.job().job() != jobs.get(i);
                results[i] = new EnqueueResult(id, !seen.add(s.handle()) || joined);
                if (!joined) {
                    finished.forget(id); // a restarted gearmand numbers its handles from 1 again
                }
                if (s.job() != null && !joined) {
                    remember(s.job());
                } else if (!foreground) {
                    recent.put(id, jobs.get(i));
                }
            }
        }
        return Arrays.asList(results);
    }

    /** A foreground job until it ended; {@code settled} completes once {@link #finished} holds how. */
    private record Waiting(ForegroundJob job, CompletableFuture<Outcome> settled) {}

    /** When the job ends, keeps how for {@link #find} and later {@link #outcome} calls, before anyone hears of it. */
    private void remember(ForegroundJob job) {
        Waiting w = new Waiting(job, new CompletableFuture<>());
        waiting.put(job.id(), w);
        job.end().whenComplete((reply, error) -> {
            if (reply != null) {
                Outcome o = Replies.outcome(job.id(), reply, settings.concatWorkData(), clock.instant());
                finished.put(o, info(job.id(), job.job(), o.state(), o));
                waiting.remove(job.id(), w);
                w.settled().complete(o);
            } else {
                waiting.remove(job.id(), w);
                w.settled().completeExceptionally(error instanceof CompletionException c ? c.getCause() : error);
            }
        });
    }

    CompletableFuture<Outcome> outcome(JobId id) {
        Optional<FinishedJobs.Entry> done = finished.get(id);
        if (done.isPresent()) {
            return CompletableFuture.completedFuture(done.get().outcome());
        }
        Waiting w = waiting.get(id);
        if (w == null) {
            done = finished.get(id); // it may have ended just now
            if (done.isPresent()) {
                return CompletableFuture.completedFuture(done.get().outcome());
            }
            return CompletableFuture.failedFuture(new NoSuchElementException("job " + id
                    + " is not a foreground job of this client, or it ended more than "
                    + "errand.gearman.client.keepOutcomes ago: gearmand keeps no outcomes"));
        }
        CompletableFuture<Outcome> out = new CompletableFuture<>(); // one per caller
        w.settled().whenComplete((o, error) -> {
            if (error != null) {
                out.completeExceptionally(error);
            } else {
                out.complete(o);
            }
        });
        return out;
    }

    Optional<JobInfo> find(JobId id) {
        Optional<FinishedJobs.Entry> done = finished.get(id);
        if (done.isPresent()) {
            return Optional.of(done.get().info());
        }
        Optional<JobHandles.Parsed> parsed = parse(id);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        ClientConnection.Status status =
                connection(parsed.get()).status(parsed.get().handle());
        if (!status.known()) {
            return Optional.empty();
        }
        NewJob job = followed(id).map(ForegroundJob::job).orElseGet(() -> recent.get(id));
        JobState state = status.running()
                ? JobState.RUNNING
                : job != null && job.runAt().isAfter(clock.instant()) ? JobState.SCHEDULED : JobState.AVAILABLE;
        return Optional.of(info(id, job, state, null));
    }

    /** Cancels a job still queued on its server ({@code cancel job H}); false when it runs, ended or is unknown. */
    boolean cancel(JobId id) {
        if (finished.get(id).isPresent()) {
            return false; // a second cancel would send the waiting clients a second WORK_FAIL
        }
        Optional<JobHandles.Parsed> parsed = parse(id);
        if (parsed.isEmpty()) {
            return false;
        }
        JobHandles.Parsed p = parsed.get();
        ClientConnection.Status status = connection(p).status(p.handle());
        if (!status.known() || status.running()) {
            return false;
        }
        Optional<ForegroundJob> job = followed(id);
        job.ifPresent(j -> j.cancelling(true));
        boolean cancelled;
        try (AdminClient admin =
                AdminClient.connect(p.server().host(), p.server().port(), settings.responseTimeout())) {
            cancelled = admin.cancelJob(p.handle());
        } catch (IOException e) {
            job.ifPresent(j -> j.cancelling(false));
            throw new GearmanClientException("cannot cancel job " + id + " on gearmand " + p.server() + ": " + e, e);
        }
        if (!cancelled) {
            job.ifPresent(j -> j.cancelling(false));
            return false;
        }
        // gearmand still reports a cancelled job as queued until a worker reaches it: remember it ourselves.
        Outcome o = Outcome.cancelled(id);
        finished.put(o, info(id, job.map(ForegroundJob::job).orElseGet(() -> recent.get(id)), JobState.CANCELLED, o));
        return true;
    }

    private Optional<ForegroundJob> followed(JobId id) {
        return Optional.ofNullable(waiting.get(id)).map(Waiting::job);
    }

    private Optional<JobHandles.Parsed> parse(JobId id) {
        return JobHandles.parse(id).filter(p -> connections.containsKey(p.server()));
    }

    private ClientConnection connection(JobHandles.Parsed p) {
        return connections.get(p.server());
    }

    private JobInfo info(JobId id, NewJob job, JobState state, Outcome o) {
        var now = clock.instant();
        return new JobInfo(
                id,
                job == null ? "unknown" : job.name(),
                job == null ? "default" : job.queue(),
                state,
                1,
                job == null ? 1 : job.maxAttempts(),
                job == null ? 0 : job.priority(),
                job == null ? now : job.enqueuedAt(),
                job == null ? now : job.runAt(),
                state.isFinal() ? Optional.of(now) : Optional.empty(),
                job == null ? Optional.empty() : Optional.ofNullable(job.uniqueKey()),
                o != null && o.error() != null ? List.of(o.error()) : List.of());
    }

    private String unique(NewJob job) {
        String key = job.uniqueKey();
        if (key == null) {
            // The stamp is when the job is due, so a worker logs the delay past that, as on every backend.
            return settings.uniqueStamp() ? Uniques.stamped(job.runAt()) : Uniques.random();
        }
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Uniques.MAX_BYTES || key.indexOf('\0') >= 0 || key.isEmpty()) {
            throw new IllegalArgumentException("job " + job.name() + ": uniqueKey '" + key + "' is " + bytes.length
                    + " bytes in UTF-8; gearmand takes 1 to " + Uniques.MAX_BYTES + " bytes without NUL: shorten it, "
                    + "e.g. to a hash of it");
        }
        return key;
    }

    private PacketType type(int priority, boolean foreground) {
        if (priority >= settings.priorityHigh()) {
            return foreground ? PacketType.SUBMIT_JOB_HIGH : PacketType.SUBMIT_JOB_HIGH_BG;
        }
        if (priority <= settings.priorityLow()) {
            return foreground ? PacketType.SUBMIT_JOB_LOW : PacketType.SUBMIT_JOB_LOW_BG;
        }
        return foreground ? PacketType.SUBMIT_JOB : PacketType.SUBMIT_JOB_BG;
    }

    @Override
    public void close() {
        connections.values().forEach(ClientConnection::close);
    }
}
