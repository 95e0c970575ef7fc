package dev.errand.backend.theschwartz;

import dev.errand.config.ErrandConfigException;
import dev.errand.job.JobDefinition;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs each worker of this process serves, by TheSchwartz function name (the Errand job name unless {@link
 * TheSchwartzFunction#name()} maps it): TheSchwartz routes by function, not by queue, so a worker grabs only the
 * functions of its registered jobs whose queue it serves, and one function is one job, or a grabbed job would be
 * ambiguous.
 */
final class Registrations {
    private final Map<String, Map<String, JobDefinition<?>>> byOwner = new ConcurrentHashMap<>();

    void register(String owner, Collection<JobDefinition<?>> jobs, Set<String> queues) {
        Map<String, JobDefinition<?>> served = new LinkedHashMap<>();
        for (JobDefinition<?> job : jobs) {
            if (!queues.isEmpty() && !queues.contains(job.queue())) {
                continue;
            }
            String funcname = Functions.of(job).funcname();
            JobDefinition<?> other = served.putIfAbsent(funcname, job);
            if (other != null && !sameMethod(other, job)) {
                throw new ErrandConfigException("worker " + owner + " registers two jobs for TheSchwartz function "
                        + funcname + ": " + Function.method(other) + " (job " + other.name() + ") and "
                        + Function.method(job) + " (job " + job.name() + "); register one of them, as a grabbed "
                        + funcname + " job could be either");
            }
        }
        byOwner.put(owner, Map.copyOf(served));
    }

    /** One method registered for several queues is one function: TheSchwartz has no queues. */
    private static boolean sameMethod(JobDefinition<?> a, JobDefinition<?> b) {
        return a.targetType() == b.targetType() && a.methodName().equals(b.methodName());
    }

    void unregister(String owner) {
        byOwner.remove(owner);
    }

    /** The jobs {@code owner} grabs from these queues (empty: none, also for an owner that never registered). */
    List<JobDefinition<?>> served(String owner, Set<String> queues) {
        return byOwner.getOrDefault(owner, Map.of()).values().stream()
                .filter(j -> queues.contains(j.queue()))
                .toList();
    }

    /** Every registered job of these queues, over all workers of this process. */
    List<JobDefinition<?>> servedAnywhere(Set<String> queues) {
        return byOwner.values().stream()
                .flatMap(m -> m.values().stream())
                .filter(j -> queues.contains(j.queue()))
                .distinct()
                .toList();
    }

    /** Some worker's definition of the function, for what only the Java side knows (queue, maxAttempts). */
    Optional<JobDefinition<?>> anyFor(String funcname) {
        for (Map<String, JobDefinition<?>> m : byOwner.values()) {
            JobDefinition<?> job = m.get(funcname);
            if (job != null) {
                return Optional.of(job);
            }
        }
        return Optional.empty();
    }
}
