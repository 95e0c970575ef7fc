package dev.errand.cli;

import dev.errand.Errand;
import dev.errand.config.CoreKeys;
import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import dev.errand.manager.ConfigSource;
import dev.errand.manager.ManagerException;

/** Opens the client for the operator commands ({@code enqueue}, {@code job}, {@code queues}). */
final class Clients {
    private Clients() {}

    /** The configured backend; refuses the memory backend, whose jobs live in another JVM's memory. */
    static Errand open(ConfigSource source, String command) {
        ErrandConfig config = source.load();
        Errand errand;
        try {
            errand = Errand.builder().config(config).build();
        } catch (ErrandConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ManagerException(
                    "cannot open the " + CoreKeys.BACKEND.get(config, "default") + " backend (from " + config.source()
                            + "): " + e.getMessage(),
                    e);
        }
        if (errand.backend().name().equals("memory")) {
            errand.close();
            throw new ErrandConfigException(
                    CoreKeys.BACKEND + "=memory (from " + config.source() + ") keeps jobs inside the "
                            + "JVM that runs them, so 'errand " + command
                            + "' in a process of its own cannot see them; point it at "
                            + "the shared backend your workers use (errand.backend=jdbc or redis)");
        }
        return errand;
    }
}
