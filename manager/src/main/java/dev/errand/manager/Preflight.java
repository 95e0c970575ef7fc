package dev.errand.manager;

import dev.errand.Errand;
import dev.errand.config.CoreKeys;
import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import dev.errand.spi.Capability;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything checked before the manager starts a child (and again on reload): the
 * {@code errand.manager.*} values, every worker class of every group, and a backend that several
 * processes can share, reached once. The first problem fails with a message naming the key.
 */
public record Preflight(ErrandConfig config, ManagerConfig manager, Map<String, List<WorkerClasses.Checked>> classes) {

    public static Preflight check(ConfigSource source, Path workDir, ClassLoader loader) {
        ErrandConfig config = source.load();
        ManagerConfig manager = ManagerConfig.from(config, workDir);
        Map<String, List<WorkerClasses.Checked>> classes = new LinkedHashMap<>();
        for (GroupConfig group : manager.groups()) {
            classes.put(group.name(), WorkerClasses.check(group, loader));
        }
        int processes =
                manager.groups().stream().mapToInt(GroupConfig::processes).sum();
        if (processes > 0) {
            checkSharedBackend(config, manager);
        }
        return new Preflight(config, manager, classes);
    }

    /** Opens the backend once: it must be reachable and shareable by the children's processes. */
    static void checkSharedBackend(ErrandConfig config, ManagerConfig manager) {
        GroupConfig first = manager.groups().stream()
                .filter(g -> g.processes() > 0)
                .findFirst()
                .orElseThrow();
        String groupNote = "group '" + first.name() + "' has " + first.key("processes") + "=" + first.processes();
        try (Errand errand = Errand.builder().config(config).build()) {
            if (errand.backend().capabilities().contains(Capability.SHARED)) {
                return;
            }
            String name = errand.backend().name();
            if (name.equals("jdbc")) {
                String url = config.string("errand.jdbc.url", "the default embedded H2 file");
                throw new ErrandConfigException("errand.jdbc.url=" + dev.errand.config.Secrets.redactUrl(url)
                        + " (from "
                        + config.source() + ") is an embedded H2 database that only one process can open, but the "
                        + "manager runs workers in child processes (" + groupNote
                        + "); add ;AUTO_SERVER=TRUE to the URL "
                        + "so the processes share the file, or use PostgreSQL or MariaDB");
            }
            throw new ErrandConfigException(CoreKeys.BACKEND + "=" + name + " (from " + config.source()
                    + ") keeps jobs "
                    + "inside one JVM, so the manager's child processes could not share them (" + groupNote + "); set "
                    + CoreKeys.BACKEND + " to jdbc (PostgreSQL, MariaDB/MySQL, or H2 with ;AUTO_SERVER=TRUE) or redis");
        } catch (ErrandConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ManagerException(
                    "cannot open the " + CoreKeys.BACKEND.get(config, "default") + " backend (from " + config.source()
                            + "): " + e.getMessage() + "; nothing was started",
                    e);
        }
    }
}
