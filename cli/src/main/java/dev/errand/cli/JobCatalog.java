package dev.errand.cli;

import dev.errand.job.JobDefinition;
import dev.errand.spi.JobDispatcher;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Every job the class path declares, by name: the definitions of all generated dispatchers that
 * {@link ServiceLoader} finds. {@code errand enqueue} uses it to enqueue a job by name with its
 * declared parameter types and fingerprint.
 */
final class JobCatalog {
    private final Map<String, JobDefinition<?>> byName = new TreeMap<>();

    private JobCatalog() {}

    public static JobCatalog load(ClassLoader loader) {
        JobCatalog catalog = new JobCatalog();
        for (JobDispatcher<?> d : ServiceLoader.load(JobDispatcher.class, loader)) {
            for (JobDefinition<?> job : d.jobs()) {
                catalog.byName.putIfAbsent(job.name(), job);
            }
        }
        return catalog;
    }

    public Optional<JobDefinition<?>> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every job name, sorted. */
    public java.util.Set<String> names() {
        return byName.keySet();
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }
}
