package dev.errand.bench;

import dev.errand.backend.gearman.protocol.Magic;
import dev.errand.backend.gearman.protocol.Packet;
import dev.errand.backend.gearman.protocol.PacketReader;
import dev.errand.backend.gearman.protocol.PacketType;
import dev.errand.backend.gearman.protocol.PacketWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * The ceiling of the {@code gearman} scenario: Errand's packet codec without Errand. One thread and one connection per
 * worker, each looping {@code GRAB_JOB_UNIQ} → {@code JOB_ASSIGN_UNIQ} → {@code WORK_COMPLETE} (sent with the next
 * grab in one write, as Errand's workers do), sleeping with {@code PRE_SLEEP} when there is nothing.
 */
final class GearmanRawWorkers implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    GearmanRawWorkers(String host, int port, String function, int count) throws IOException {
        for (int i = 1; i <= count; i++) {
            Socket socket = connect(host, port);
            sockets.add(socket);
            PacketWriter out = new PacketWriter(socket.getOutputStream(), Magic.REQUEST);
            PacketReader in = new PacketReader(
                    socket.getInputStream(), Magic.RESPONSE, PacketReader.DEFAULT_MAX_PAYLOAD, "gearmand");
            out.write(List.of(
                    Packet.ofText(PacketType.SET_CLIENT_ID, "raw#" + i),
                    Packet.ofText(PacketType.CAN_DO, function),
                    Packet.of(PacketType.GRAB_JOB_UNIQ)));
            Thread t = new Thread(() -> serve(in, out), "raw-gearman-worker-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    static Socket connect(String host, int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static void serve(PacketReader in, PacketWriter out) {
        try {
            while (true) {
                Packet p = in.read();
                switch (p.type()) {
                    case JOB_ASSIGN_UNIQ ->
                        out.write(List.of(
                                Packet.of(PacketType.WORK_COMPLETE, p.arg(0), p.arg(3)),
                                Packet.of(PacketType.GRAB_JOB_UNIQ)));
                    case NO_JOB -> out.write(List.of(Packet.of(PacketType.PRE_SLEEP)));
                    case NOOP -> out.write(List.of(Packet.of(PacketType.GRAB_JOB_UNIQ)));
                    default -> throw new IllegalStateException("raw worker got " + p);
                }
            }
        } catch (IOException e) {
            // closed: the normal end
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Socket s : sockets) {
            s.close();
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
    }
}
