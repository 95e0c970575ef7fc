package dev.errand.manager;

import java.util.List;

/**
 * One worker group of the manager: which {@code @Job} classes its children run and how many
 * children, threads and jobs per child.
 *
 * @param workers         fully qualified classes with {@code @Job} methods and a public no-argument constructor
 * @param processes       child processes to keep running (0 turns the group off)
 * @param threads         job threads per child
 * @param maxJobsPerChild jobs a child claims before it finishes them, exits and is replaced; 0 for no limit
 * @param queues          queues to serve; empty for the queues of the workers' jobs
 * @param jvmOptions      extra options for the child JVMs, e.g. {@code -Xmx256m}
 */
public record GroupConfig(
        String name,
        List<String> workers,
        int processes,
        int threads,
        long maxJobsPerChild,
        List<String> queues,
        List<String> jvmOptions) {
    public GroupConfig {
        workers = List.copyOf(workers);
        queues = List.copyOf(queues);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** The configuration key of one of this group's settings, e.g. {@code errand.manager.group.mail.workers}. */
    public String key(String setting) {
        return ManagerConfig.GROUP_PREFIX + name + "." + setting;
    }
}
