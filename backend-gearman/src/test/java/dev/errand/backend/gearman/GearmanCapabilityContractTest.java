package dev.errand.backend.gearman;

import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.testkit.CapabilityContract;
import dev.errand.testservers.GearmandServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * The contract's capability area on Gearman: it yields a test for each capability the backend declares
 * ({@code SHARED}, {@code RESULTS}, {@code CANCEL}) and none for the others. Each test gets a gearmand of its own, so
 * no job of one test is left queued for the next.
 */
class GearmanCapabilityContractTest extends CapabilityContract {
    private static final List<GearmandServer> servers = new ArrayList<>();

    GearmanCapabilityContractTest() {
        super(GearmanCapabilityContractTest::newBackend, GearmanCapabilityContractTest::sameStore, () -> null);
    }

    private static Backend newBackend(BackendContext context) {
        GearmandServer server = GearmandServer.launch();
        servers.add(server);
        return sameStore(context);
    }

    private static Backend sameStore(BackendContext context) {
        GearmandServer server = servers.get(servers.size() - 1);
        return new GearmanBackend(
                GearmanSettings.from(context.config())
                        .withServers(List.of(new ServerAddress(server.host(), server.port()))),
                context.clock());
    }

    @AfterEach
    void stopGearmand() {
        servers.forEach(GearmandServer::close);
        servers.clear();
    }
}
