package dev.errand.backend.gearman;

import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.testservers.GearmandServer;
import java.util.ArrayList;
import java.util.List;

/**
 * A gearmand of its own for each contract test, so no job of one test is left queued for the next: {@link #newBackend}
 * starts one, {@link #sameStore} opens another backend on the last one, {@link #stopAll} stops them after the test.
 */
final class GearmandPerTest {
    private static final List<GearmandServer> servers = new ArrayList<>();

    private GearmandPerTest() {}

    static Backend newBackend(BackendContext context) {
        servers.add(GearmandServer.launch());
        return sameStore(context);
    }

    static Backend sameStore(BackendContext context) {
        GearmandServer server = servers.get(servers.size() - 1);
        return new GearmanBackend(
                GearmanSettings.from(context.config())
                        .withServers(List.of(new ServerAddress(server.host(), server.port()))),
                context.clock());
    }

    static void stopAll() {
        servers.forEach(GearmandServer::close);
        servers.clear();
    }
}
