package dev.errand.backend.gearman;

import dev.errand.spi.JobDispatcher;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The Gearman function names of the jobs whose {@link GearmanFunction#name()} differs from their {@code @Job} name, as
 * the generated dispatchers on the class path declare them (abstract stub classes have one too): a client knows a job
 * only by its name when it submits it.
 */
final class WireNames {
    private final Map<String, String> byJob;

    private WireNames(Map<String, String> byJob) {
        this.byJob = Map.copyOf(byJob);
    }

    static WireNames onClassPath() {
        Map<String, String> byJob = new HashMap<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (JobDispatcher<?> d : ServiceLoader.load(JobDispatcher.class, loader)) {
            d.jobs().forEach(job -> {
                String wire = GearmanCodec.wireName(job);
                if (!wire.equals(job.name())) {
                    byJob.put(job.name(), wire);
                }
            });
        }
        return new WireNames(byJob);
    }

    /** The function to submit job {@code name} as. */
    String of(String jobName) {
        return byJob.getOrDefault(jobName, jobName);
    }
}
