package dev.errand.backend.gearman.client;

import dev.errand.backend.gearman.JobHandles;
import dev.errand.backend.gearman.ServerAddress;
import dev.errand.backend.gearman.protocol.Connection;
import dev.errand.backend.gearman.protocol.Packet;
import dev.errand.backend.gearman.protocol.PacketType;
import dev.errand.spi.NewJob;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client connection to one gearmand, shared by every caller: submits are pipelined (many packets, one flush) and
 * gearmand answers them in order, so each {@code JOB_CREATED} (or {@code ERROR}) belongs to the oldest request still
 * unanswered. Results come back in any order and are routed by handle. A lost connection fails everything waiting on
 * it with a message that names the server, and the next call connects again.
 */
public final class ClientConnection {
    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

    private final ServerAddress server;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final boolean exceptions;
    private final Object sendLock = new Object();
    private volatile Session session;

    /** @param followed completed with the foreground job before {@code answer}, for a foreground submit */
    private record Pending(
            CompletableFuture<Packet> answer, NewJob foregroundJob, CompletableFuture<ForegroundJob> followed) {}

    /**
     * A job gearmand accepted: its handle and, for a foreground job, what follows it (for a coalesced one, the job it
     * joined: {@code job().job()} is then another {@code NewJob}).
     */
    public record Submitted(String handle, ForegroundJob job) {}

    public ClientConnection(
            ServerAddress server, Duration connectTimeout, Duration responseTimeout, boolean exceptions) {
        this.server = server;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        this.exceptions = exceptions;
    }

    public ServerAddress server() {
        return server;
    }

    /**
     * Sends the submit packets in one flush and returns the handle of each, in order; {@code jobs.get(i)} non-null
     * makes packet {@code i} a foreground job whose packets this connection then follows ({@link #foreground}).
     *
     * @throws GearmanClientException when gearmand refuses one (naming it), cannot be reached, or does not answer
     */
    public List<Submitted> submit(List<Packet> packets, List<NewJob> jobs) {
        List<CompletableFuture<Packet>> answers = new ArrayList<>(packets.size());
        List<CompletableFuture<ForegroundJob>> followed = new ArrayList<>(packets.size());
        synchronized (sendLock) {
            Session s = connected();
            for (int i = 0; i < packets.size(); i++) {
                CompletableFuture<Packet> answer = new CompletableFuture<>();
                CompletableFuture<ForegroundJob> job = new CompletableFuture<>();
                s.unanswered.add(new Pending(answer, jobs.get(i), job));
                answers.add(answer);
                followed.add(job);
            }
            try {
                s.connection.send(packets);
            } catch (IOException e) {
                s.connection.close();
                throw new GearmanClientException("cannot send to gearmand " + server + ": " + e.getMessage(), e);
            }
        }
        List<Submitted> handles = new ArrayList<>(packets.size());
        for (int i = 0; i < answers.size(); i++) {
            Packet answer =
                    await(answers.get(i), "the answer to " + packets.get(i).type());
            if (answer.type() == PacketType.ERROR) {
                throw new GearmanClientException("gearmand " + server + " refused job " + i + " of the batch ("
                        + packets.get(i).type() + " " + packets.get(i).text(0) + "): " + answer.text(0) + " "
                        + answer.text(1));
            }
            handles.add(new Submitted(answer.text(0), followed.get(i).getNow(null)));
        }
        return handles;
    }

    /** {@code GET_STATUS H}: the {@code STATUS_RES} arguments known, running, numerator, denominator. */
    public Status status(String handle) {
        CompletableFuture<Packet> answer = new CompletableFuture<>();
        synchronized (sendLock) {
            Session s = connected();
            s.statusWaiters
                    .computeIfAbsent(handle, h -> new ConcurrentLinkedQueue<>())
                    .add(answer);
            try {
                s.connection.send(Packet.ofText(PacketType.GET_STATUS, handle));
            } catch (IOException e) {
                s.connection.close();
                throw new GearmanClientException("cannot send to gearmand " + server + ": " + e.getMessage(), e);
            }
        }
        Packet p = await(answer, "the status of job " + handle);
        return new Status(p.text(1).equals("1"), p.text(2).equals("1"));
    }

    public record Status(boolean known, boolean running) {}

    private Packet await(CompletableFuture<Packet> answer, String what) {
        try {
            return answer.get(responseTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Session s = session;
            if (s != null) {
                s.connection.close(); // out of step now: start over
            }
            throw new GearmanClientException("gearmand " + server + " did not send " + what + " within "
                    + responseTimeout.toMillis() + " ms (errand.gearman.responseTimeout); the connection is closed "
                    + "and the next call opens a new one");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof GearmanClientException g
                    ? new GearmanClientException(g.getMessage(), g)
                    : new GearmanClientException(
                            "waiting for " + what + " from gearmand " + server + " failed: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GearmanClientException("interrupted while waiting for " + what + " from gearmand " + server, e);
        }
    }

    private Session connected() {
        Session s = session;
        if (s != null && s.connection.isOpen()) {
            return s;
        }
        s = new Session();
        try {
            s.connection =
                    Connection.open(server.host(), server.port(), connectTimeout, "errand-gearman-client-" + server, s);
        } catch (IOException e) {
            throw new GearmanClientException(
                    e.getMessage()
                            + "; is gearmand running there? (errand.gearman.servers, errand.gearman.connectTimeout)",
                    e);
        }
        if (exceptions) {
            CompletableFuture<Packet> answer = new CompletableFuture<>();
            answer.thenAccept(p -> {
                if (p.type() != PacketType.OPTION_RES) {
                    log.warn("gearmand {} refused OPTION_REQ exceptions: {}", server, p);
                }
            });
            s.unanswered.add(new Pending(answer, null, null));
            try {
                s.connection.send(Packet.ofText(PacketType.OPTION_REQ, "exceptions"));
            } catch (IOException e) {
                s.connection.close();
                throw new GearmanClientException("cannot send to gearmand " + server + ": " + e.getMessage(), e);
            }
        }
        session = s;
        return s;
    }

    /**
     * One connection and what waits on it. Its own queues, so a connection that ends fails only what was sent on it,
     * not what a new connection carries already.
     */
    private final class Session implements Connection.Listener {
        /** Requests awaiting their answer ({@code JOB_CREATED}, {@code OPTION_RES} or {@code ERROR}), oldest first. */
        final Queue<Pending> unanswered = new ConcurrentLinkedQueue<>();

        final Map<String, ForegroundJob> foreground = new ConcurrentHashMap<>();
        final Map<String, Queue<CompletableFuture<Packet>>> statusWaiters = new ConcurrentHashMap<>();
        volatile Connection connection;

        @Override
        public void received(Packet p) {
            switch (p.type()) {
                case JOB_CREATED, OPTION_RES, ERROR -> answered(p);
                case WORK_DATA -> following(p).ifPresent(j -> j.data(p.arg(1)));
                case WORK_WARNING -> following(p).ifPresent(j -> j.warning(p.arg(1)));
                case WORK_STATUS -> following(p).ifPresent(ForegroundJob::status);
                case WORK_COMPLETE -> ended(p).ifPresent(j -> j.complete(p.arg(1)));
                case WORK_FAIL -> ended(p).ifPresent(ForegroundJob::fail);
                case WORK_EXCEPTION -> ended(p).ifPresent(j -> j.exception(p.arg(1)));
                case STATUS_RES -> {
                    Queue<CompletableFuture<Packet>> waiting = statusWaiters.get(p.text(0));
                    CompletableFuture<Packet> f = waiting == null ? null : waiting.poll();
                    if (f != null) {
                        f.complete(p);
                    }
                }
                default -> log.warn("gearmand {} sent {} to a client connection; ignored", server, p);
            }
        }

        private void answered(Packet p) {
            Pending pending = unanswered.poll();
            if (pending == null) {
                log.warn("gearmand {} sent {} but no request was waiting for an answer; ignored", server, p);
                return;
            }
            if (p.type() == PacketType.JOB_CREATED && pending.foregroundJob() != null) {
                String handle = p.text(0);
                // Registered here, on the reader thread, before the next packet: the job's result may come right after.
                pending.followed()
                        .complete(foreground.computeIfAbsent(
                                handle, h -> new ForegroundJob(JobHandles.id(server, h), h, pending.foregroundJob())));
            }
            pending.answer().complete(p);
        }

        private java.util.Optional<ForegroundJob> following(Packet p) {
            return java.util.Optional.ofNullable(foreground.get(p.text(0)));
        }

        private java.util.Optional<ForegroundJob> ended(Packet p) {
            return java.util.Optional.ofNullable(foreground.remove(p.text(0)));
        }

        @Override
        public void closed(IOException cause) {
            String why = "the connection to gearmand " + server + " was lost (" + cause.getMessage() + ")";
            Pending pending;
            while ((pending = unanswered.poll()) != null) {
                pending.answer().completeExceptionally(new GearmanClientException(why + " before it answered", cause));
            }
            for (Queue<CompletableFuture<Packet>> waiting : statusWaiters.values()) {
                CompletableFuture<Packet> f;
                while ((f = waiting.poll()) != null) {
                    f.completeExceptionally(new GearmanClientException(why + " before it answered", cause));
                }
            }
            for (ForegroundJob job : new ArrayList<>(foreground.values())) {
                foreground.remove(job.handle());
                job.lost(new GearmanClientException(
                        why + " while waiting for job " + job.job().name() + " (handle " + job.handle()
                                + "); the job may or may not have run",
                        cause));
            }
        }
    }

    /** Closes the connection; whatever waits on it fails. */
    public void close() {
        Session s = session;
        if (s != null) {
            s.connection.close();
        }
    }
}
