package dev.errand.manager;

import java.util.List;

/**
 * What {@code errand manager status} shows: the snapshot the running manager writes to its status
 * file whenever a child starts, becomes ready, exits or reports jobs done. Times are ISO-8601 UTC.
 *
 * @param state {@code running}, {@code stopping}
 */
public record ManagerStatus(
        long pid,
        String startedAt,
        String updatedAt,
        String config,
        int configVersion,
        String state,
        List<Group> groups) {

    /** @param state {@code running}, {@code paused} (crash loop) or {@code removed} (by a reload, children stopping) */
    public record Group(
            String name,
            int processes,
            int threads,
            long maxJobsPerChild,
            String state,
            String note,
            List<Child> children) {}

    /** @param state {@code starting}, {@code ready}, {@code stopping} */
    public record Child(long pid, long generation, String state, long jobsDone, String startedAt) {}
}
