package dev.errand.dashboard;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.manager.ManagerDashboard;
import java.nio.file.Path;

/** The dashboard inside the worker manager ({@code errand.manager.dashboard.port}): its own client of the backend. */
public final class ManagerDashboardStarter implements ManagerDashboard {
    @Override
    public AutoCloseable start(ErrandConfig config, int port, Path statusFile, Path timingLog) {
        DashboardOptions.Builder options =
                DashboardKeys.options(config).port(port).managerStatus(statusFile);
        if (!DashboardKeys.TIMING_LOG.isSet(config)) {
            options.timingLog(timingLog);
        }
        Errand errand = Errand.builder().config(config).build();
        try {
            Dashboard dashboard = Dashboard.start(errand, options.build());
            return () -> {
                try (errand) {
                    dashboard.close();
                }
            };
        } catch (RuntimeException e) {
            errand.close();
            throw e;
        }
    }
}
