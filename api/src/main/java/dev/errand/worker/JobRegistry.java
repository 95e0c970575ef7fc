package dev.errand.worker;

import dev.errand.job.JobDefinition;
import dev.errand.spi.JobDispatcher;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/** The jobs one worker can run: job name → its definition, generated dispatcher and target object. */
final class JobRegistry {
    record Entry(JobDefinition<?> job, JobDispatcher<Object> dispatcher, Object target) {
        Object invoke(Object[] args) throws Throwable {
            return dispatcher.dispatch(target, job, args);
        }
    }

    private final Map<String, Entry> byName = new LinkedHashMap<>();

    @SuppressWarnings("unchecked")
    void register(Object target) {
        JobDispatcher<Object> dispatcher = (JobDispatcher<Object>) dispatcherFor(target.getClass());
        for (JobDefinition<?> job : dispatcher.jobs()) {
            Entry previous = byName.get(job.name());
            if (previous != null && previous.target() != target) {
                throw new IllegalArgumentException("job name " + job.name() + " is declared by both "
                        + previous.job().targetType().getName() + " and "
                        + job.targetType().getName()
                        + "; give one of them @Job(name = \"...\")");
            }
            byName.put(job.name(), new Entry(job, dispatcher, target));
        }
    }

    Entry get(String name) {
        return byName.get(name);
    }

    Map<String, Entry> entries() {
        return Collections.unmodifiableMap(byName);
    }

    /** The registered jobs' definitions, in registration order: what the worker registers with the backend. */
    java.util.List<JobDefinition<?>> definitions() {
        java.util.List<JobDefinition<?>> jobs = new java.util.ArrayList<>(byName.size());
        byName.values().forEach(e -> jobs.add(e.job()));
        return java.util.List.copyOf(jobs);
    }

    Set<String> queues() {
        Set<String> queues = new TreeSet<>();
        byName.values().forEach(e -> queues.add(e.job().queue()));
        return queues;
    }

    Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    /**
     * The generated dispatcher for {@code type} or its nearest superclass that has one (so a
     * subclass or proxy of a job class works), found through {@link ServiceLoader} or, when a build
     * tool lost the services file, by its generated name.
     */
    static JobDispatcher<?> dispatcherFor(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            JobDispatcher<?> found = loaded(c);
            if (found == null) {
                found = byGeneratedName(c);
            }
            if (found != null) {
                return found;
            }
        }
        throw new IllegalArgumentException("no generated dispatcher for " + type.getName()
                + ": does it have @Job methods, and is dev.errand:errand-processor on the annotation processor path "
                + "(maven-compiler-plugin annotationProcessorPaths)?");
    }

    private static JobDispatcher<?> loaded(Class<?> c) {
        ClassLoader loader = c.getClassLoader() != null ? c.getClassLoader() : ClassLoader.getSystemClassLoader();
        for (JobDispatcher<?> d : ServiceLoader.load(JobDispatcher.class, loader)) {
            if (d.targetType() == c) {
                return d;
            }
        }
        return null;
    }

    private static JobDispatcher<?> byGeneratedName(Class<?> c) {
        String pkg = c.getPackageName();
        String flat =
                c.getName().substring(pkg.isEmpty() ? 0 : pkg.length() + 1).replace('$', '_');
        String name = (pkg.isEmpty() ? "" : pkg + ".") + flat + "Dispatcher";
        try {
            Class<?> d = Class.forName(name, true, c.getClassLoader());
            Object instance = d.getDeclaredConstructor().newInstance();
            return instance instanceof JobDispatcher<?> dispatcher && dispatcher.targetType() == c ? dispatcher : null;
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
