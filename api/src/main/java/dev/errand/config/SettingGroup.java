package dev.errand.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * The settings one module declares. The client's and the worker's are {@link CoreKeys}; every other
 * module (a backend, the worker manager) lists its subclass in
 * {@code META-INF/services/dev.errand.config.SettingGroup}, so the keys known at start-up are those of
 * the modules on the class path, and core names none of them.
 */
public abstract class SettingGroup {
    private final String module;
    private final String title;
    private final List<Setting<?>> settings;

    /**
     * @param module   the artifact that reads these settings, e.g. {@code errand-backend-jdbc}
     * @param title    what they configure, a heading for the reference, e.g. {@code The JDBC backend}
     * @param settings the declarations, in the order the reference lists them
     */
    protected SettingGroup(String module, String title, List<Setting<?>> settings) {
        this.module = Objects.requireNonNull(module, "module == null");
        this.title = Objects.requireNonNull(title, "title == null");
        this.settings = List.copyOf(settings);
    }

    /** The artifact that reads these settings, e.g. {@code errand-backend-jdbc}. */
    public final String module() {
        return module;
    }

    /** What they configure, a heading for the reference, e.g. {@code The JDBC backend}. */
    public final String title() {
        return title;
    }

    /** The declarations, in the order the reference lists them. */
    public final List<Setting<?>> settings() {
        return settings;
    }

    /**
     * {@link CoreKeys} first, then every group on the class path (the context class loader's, else
     * this one's) by {@link #module()}, each module once.
     */
    public static List<SettingGroup> onClassPath() {
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
