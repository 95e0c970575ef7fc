package dev.errand.spring.boot;

import dev.errand.spi.JobDispatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The {@code @Job} classes of the application, found through the dispatchers the annotation processor generates
 * and registers in {@code META-INF/services/dev.errand.spi.JobDispatcher}: no class-path scanning. The processor
 * names a class's stub and dispatcher alike ({@code BookmarkService} → {@code BookmarkServiceJobs},
 * {@code BookmarkServiceDispatcher}; {@code Outer.Inner} → {@code Outer_InnerJobs}), so each stub's name is its
 * dispatcher's with {@code Jobs} for {@code Dispatcher}.
 */
final class JobClasses {
    private static final String DISPATCHER = "Dispatcher";
    private static final String JOBS = "Jobs";

    private JobClasses() {}

    /** One registered dispatcher class and the stub class generated beside it (null if it is missing). */
    record Generated(Class<?> dispatcher, Class<?> stub) {}

    static List<Generated> find(ClassLoader loader) {
        List<Generated> found = new ArrayList<>();
        ServiceLoader.load(JobDispatcher.class, loader).stream().forEach(provider -> {
            Class<?> dispatcher = provider.type();
            found.add(new Generated(dispatcher, stubOf(dispatcher, loader)));
        });
        return found;
    }

    /** The classes whose {@code @Job} methods the registered dispatchers call. */
    static List<Class<?>> targets(ClassLoader loader) {
        List<Class<?>> targets = new ArrayList<>();
        ServiceLoader.load(JobDispatcher.class, loader).forEach(d -> targets.add(d.targetType()));
        return targets;
    }

    private static Class<?> stubOf(Class<?> dispatcher, ClassLoader loader) {
        String name = dispatcher.getName();
        if (!name.endsWith(DISPATCHER)) {
            return null;
        }
        try {
            return Class.forName(name.substring(0, name.length() - DISPATCHER.length()) + JOBS, false, loader);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
