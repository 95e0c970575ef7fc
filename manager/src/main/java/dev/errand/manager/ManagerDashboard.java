package dev.errand.manager;

import dev.errand.config.ErrandConfig;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Serves the web dashboard from the manager's process when {@code errand.manager.dashboard.port} is set: implemented
 * by {@code errand-dashboard} (found with {@link ServiceLoader}), so the manager does not depend on it.
 */
public interface ManagerDashboard {
    /**
     * Starts the dashboard on {@code port}, showing this manager's groups and children from {@code statusFile} and the
     * last hour of {@code timingLog}; closing the result stops it.
     */
    AutoCloseable start(ErrandConfig config, int port, Path statusFile, Path timingLog);

    /** The dashboard, when {@code errand.manager.dashboard.port} asks for one; a missing module is named. */
    static AutoCloseable startIfAsked(ErrandConfig config, ManagerConfig manager, ClassLoader loader) {
        int port = ManagerKeys.DASHBOARD_PORT.get(config);
        if (port == 0) {
            return () -> {};
        }
        ManagerDashboard dashboard = ServiceLoader.load(ManagerDashboard.class, loader)
                .findFirst()
                .orElseThrow(() -> new ManagerException(ManagerKeys.DASHBOARD_PORT.key() + "=" + port + " (from "
                        + config.source() + ") needs dev.errand:errand-dashboard on the manager's class path (the"
                        + " errand command has it); add it, or remove the setting"));
        return dashboard.start(config, port, manager.statusFile(), manager.timingLog());
    }
}
