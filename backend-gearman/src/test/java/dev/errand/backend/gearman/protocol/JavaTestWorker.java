package dev.errand.backend.gearman.protocol;

import static dev.errand.backend.gearman.protocol.PacketType.*;

import dev.errand.testservers.GearmandServer;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.function.UnaryOperator;

/**
 * A Gearman worker written on the protocol classes only, serving one function on a thread of its
 * own: CAN_DO, then GRAB_JOB_UNIQ → JOB_ASSIGN_UNIQ → WORK_COMPLETE, or NO_JOB → PRE_SLEEP → NOOP.
 */
final class JavaTestWorker implements AutoCloseable {
    private final TestConnection connection;
    private final Thread thread;
    private volatile Throwable failure;

    JavaTestWorker(GearmandServer server, String clientId, String function, UnaryOperator<byte[]> work)
            throws IOException {
        connection = TestConnection.open(server);
        connection.send(Packet.ofText(SET_CLIENT_ID, clientId), Packet.ofText(CAN_DO, function));
        thread = new Thread(() -> serve(work), "java-test-worker-" + function);
        thread.setDaemon(true);
        thread.start();
    }

    private void serve(UnaryOperator<byte[]> work) {
        try {
            while (true) {
                connection.send(Packet.of(GRAB_JOB_UNIQ));
                Packet p = connection.receive();
                if (p.type() == JOB_ASSIGN_UNIQ) {
                    connection.send(Packet.of(WORK_COMPLETE, p.arg(0), work.apply(p.arg(3))));
                } else if (p.type() == NO_JOB) {
                    connection.send(Packet.of(PRE_SLEEP));
                    awaitNoop();
                } else {
                    throw new IllegalStateException("unexpected " + p);
                }
            }
        } catch (IOException e) {
            // closed by close(): the normal end
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    /** Sleeps until gearmand's NOOP; a read timeout just means no work came yet. */
    private void awaitNoop() throws IOException {
        while (true) {
            try {
                Packet p = connection.receive();
                if (p.type() == NOOP) {
                    return;
                }
                throw new IllegalStateException("expected NOOP while sleeping, got " + p);
            } catch (SocketTimeoutException e) {
                // keep sleeping
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        connection.close();
        thread.join(10_000);
        if (failure != null) {
            throw new AssertionError("the Java test worker failed", failure);
        }
    }
}
