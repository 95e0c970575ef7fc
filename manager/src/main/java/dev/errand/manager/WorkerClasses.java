package dev.errand.manager;

import dev.errand.config.ErrandConfigException;
import dev.errand.job.JobDefinition;
import dev.errand.spi.JobDispatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Loads the worker classes a group names and checks each the way the worker runtime will use
 * it: the class is on the class path, the annotation processor generated its dispatcher (found
 * through {@link ServiceLoader}, or by its generated name {@code <Class>Dispatcher} when a build
 * tool lost the services file), and it has a public no-argument constructor. Nothing is instantiated.
 */
public final class WorkerClasses {
    private WorkerClasses() {}

    /** One checked worker class and the jobs its dispatcher declares. */
    public record Checked(Class<?> type, List<JobDefinition<?>> jobs) {}

    /** Checks every class of the group; the error names the group's {@code workers} key and the class. */
    public static List<Checked> check(GroupConfig group, ClassLoader loader) {
        String key = group.key("workers");
        List<Checked> checked = new ArrayList<>();
        for (String name : group.workers()) {
            checked.add(check(name, key, loader));
        }
        return checked;
    }

    /** Checks one class; {@code key} is what named it (a configuration key or an option) for the message. */
    public static Checked checkClass(String name, String key, ClassLoader loader) {
        return check(name, key, loader);
    }

    static Checked check(String name, String key, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ErrandConfigException(
                    key + " names class " + name + ", which is not on the class path"
                            + (e instanceof LinkageError ? " or cannot be loaded (" + e + ")" : "")
                            + "; check the spelling and add the application's jars to the class path (ERRAND_CLASSPATH or -cp)");
        }
        JobDispatcher<?> dispatcher = dispatcherFor(type, loader);
        if (dispatcher == null) {
            throw new ErrandConfigException(key + " names class " + name + ", which has no @Job methods: no generated "
                    + type.getSimpleName()
                    + "Dispatcher was found. Name a class with @Job methods, and compile it with "
                    + "dev.errand:errand-processor on the annotation processor path");
        }
        try {
            type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new ErrandConfigException(
                    key + " names class " + name + ", which has no public no-argument constructor;"
                            + " the manager creates one instance per child process with it");
        }
        return new Checked(type, List.copyOf(dispatcher.jobs()));
    }

    /** The generated dispatcher of exactly this class, or null. */
    static JobDispatcher<?> dispatcherFor(Class<?> type, ClassLoader loader) {
        for (JobDispatcher<?> d : ServiceLoader.load(JobDispatcher.class, loader)) {
            if (d.targetType() == type) {
                return d;
            }
        }
        String pkg = type.getPackageName();
        String flat =
                type.getName().substring(pkg.isEmpty() ? 0 : pkg.length() + 1).replace('$', '_');
        try {
            Class<?> d = Class.forName((pkg.isEmpty() ? "" : pkg + ".") + flat + "Dispatcher", true, loader);
            Object instance = d.getDeclaredConstructor().newInstance();
            return instance instanceof JobDispatcher<?> jd && jd.targetType() == type ? jd : null;
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
