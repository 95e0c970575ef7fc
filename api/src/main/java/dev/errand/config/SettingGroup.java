package dev.errand.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The settings one module declares. The client's and the worker's are {@link CoreKeys}; every other
 * module (a backend, the worker manager) lists its own in
 * {@code META-INF/services/dev.errand.config.SettingGroup}, so the keys known at start-up are those of
 * the modules on the class path, and core names none of them.
 */
public interface SettingGroup {

    /** The artifact that reads these settings, e.g. {@code errand-backend-jdbc}. */
    String module();

    /** What they configure, a heading for the reference, e.g. {@code The JDBC backend}. */
    String title();

    /** The declarations, in the order the reference lists them. */
    List<Setting<?>> settings();

    /**
     * {@link CoreKeys} first, then every group on the class path (the context class loader's, else
     * this one's) by {@link #module()}, each module once.
     */
    static List<SettingGroup> onClassPath() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Map<String, SettingGroup> byModule = new LinkedHashMap<>();
        CoreKeys core = new CoreKeys();
        byModule.put(core.module(), core);
        List<SettingGroup> found = new ArrayList<>();
        ServiceLoader.load(SettingGroup.class, loader != null ? loader : SettingGroup.class.getClassLoader())
                .forEach(found::add);
        found.sort(Comparator.comparing(SettingGroup::module));
        found.forEach(g -> byModule.putIfAbsent(g.module(), g));
        return List.copyOf(byModule.values());
    }
}
