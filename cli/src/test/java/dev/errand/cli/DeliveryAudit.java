package dev.errand.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks "nothing acknowledged is lost, and nothing runs twice without a crash" over a finished run:
 * every acknowledged job is SUCCEEDED and ran at least once; a job ran at most as many times as it
 * had attempts; and every attempt before the last one ended with a {@code LeaseExpired} error that
 * names a worker process the test killed. So a job that ran more than once was re-delivered because
 * a process holding it died, never by a duplicate completion.
 */
final class DeliveryAudit {
    private static final Pattern LEASE_OWNER = Pattern.compile("lease of worker \\S+:(\\d+):\\S+ expired");
    private static final int MAX_LISTED = 20;

    /** @param problems what went wrong, one line per job (at most {@value #MAX_LISTED}, then a count) */
    record Result(int acknowledged, int redelivered, int ranMoreThanOnce, int extraJobs, List<String> problems) {
        String summary() {
            return acknowledged + " acknowledged jobs, " + redelivered + " re-delivered after a kill (attempt > 1), "
                    + ranMoreThanOnce + " ran more than once, " + extraJobs + " unacknowledged jobs in the table";
        }
    }

    private DeliveryAudit() {}

    /**
     * @param acknowledged the id of every acknowledged enqueue, by the key its job records in runs.log
     * @param runs         the keys in runs.log, one per run
     * @param killed       the pids of the worker processes the test killed
     */
    static Result check(Map<String, String> acknowledged, List<String> runs, JobTable table, Set<Long> killed) {
        Map<String, JobTable.Job> jobs = table.jobs();
        Map<String, List<JobTable.Error>> errors = table.errors();
        Map<String, Integer> runsPerKey = new HashMap<>();
        runs.forEach(k -> runsPerKey.merge(k, 1, Integer::sum));
        List<String> problems = new ArrayList<>();
        int redelivered = 0;
        int ranMoreThanOnce = 0;
        for (Map.Entry<String, String> e : acknowledged.entrySet()) {
            String key = e.getKey();
            String id = e.getValue();
            JobTable.Job job = jobs.get(id);
            int ran = runsPerKey.getOrDefault(key, 0);
            List<JobTable.Error> history = errors.getOrDefault(id, List.of());
            if (job == null) {
                problems.add("job " + id + " (" + key + "): acknowledged but not in the table: LOST");
                continue;
            }
            if (!job.state().equals("SUCCEEDED")) {
                problems.add("job " + id + " (" + key + "): " + job.state() + " at attempt " + job.attempt()
                        + ", expected SUCCEEDED; " + "errors " + history);
            }
            if (ran == 0) {
                problems.add("job " + id + " (" + key + "): " + job.state() + " but runs.log has no run of it");
            }
            if (ran > job.attempt()) {
                problems.add("job " + id + " (" + key + "): ran " + ran + " times in " + job.attempt()
                        + " attempts: a duplicate run without a re-delivery");
            }
            if (history.size() != job.attempt() - 1) {
                problems.add("job " + id + " (" + key + "): attempt " + job.attempt() + " but " + history.size()
                        + " errors recorded: " + history);
            }
            for (JobTable.Error err : history) {
                Matcher m = LEASE_OWNER.matcher(err.message());
                if (!err.type().equals("LeaseExpired") || !m.find() || !killed.contains(Long.parseLong(m.group(1)))) {
                    problems.add("job " + id + " (" + key + "): attempt " + err.attempt() + " failed with " + err.type()
                            + ": " + err.message() + " — expected LeaseExpired naming one of the killed processes "
                            + killed);
                }
            }
            if (job.attempt() > 1) {
                redelivered++;
            }
            if (ran > 1) {
                ranMoreThanOnce++;
            }
        }
        Set<String> ids = new java.util.HashSet<>(acknowledged.values());
        int extra = (int) jobs.keySet().stream().filter(id -> !ids.contains(id)).count();
        List<String> listed = new ArrayList<>(problems.subList(0, Math.min(MAX_LISTED, problems.size())));
        if (problems.size() > MAX_LISTED) {
            listed.add("... and " + (problems.size() - MAX_LISTED) + " more problems");
        }
        return new Result(acknowledged.size(), redelivered, ranMoreThanOnce, extra, listed);
    }
}
