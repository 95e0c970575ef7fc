package dev.errand.config;

import dev.errand.job.Names;
import java.time.Duration;
import java.util.List;

/**
 * The settings of the client and the worker runtime, declared once (backends and the worker manager
 * declare their own, {@link SettingGroup}).
 */
public final class CoreKeys extends SettingGroup {
    private static final String NAME_RULE = "1 to 64 letters, digits or _ . : -";

    public static final Setting<String> BACKEND = Setting.string("errand.backend", null)
            .defaultText("`jdbc` if its jar is on the class path, else `memory`")
            .allowed("the name of a backend whose jar is on the class path: `memory`, `jdbc`, `redis`, `gearman`")
            .doc("the backend that stores the jobs");
    public static final Setting<Duration> CALL_TIMEOUT = Setting.duration(
                    "errand.client.callTimeout", Duration.ofMinutes(5))
            .doc("how long `call()` waits for a job's result");
    public static final Setting<Integer> PAYLOAD_MAX_BYTES = Setting.integer(
                    "errand.payload.maxBytes", 1 << 20, 16, Integer.MAX_VALUE)
            .doc("largest encoded arguments `enqueue` accepts, in bytes");
    public static final Setting<Integer> PAYLOAD_MAX_DEPTH =
            Setting.integer("errand.payload.maxDepth", 64, 2, 10_000).doc("deepest JSON nesting a payload may have");
    public static final Setting<Boolean> TIMING_ENABLED = Setting.bool("errand.timing.enabled", true)
            .doc("write the timing log: one line per attempt to the SLF4J logger `errand.timing`");
    public static final Setting<Integer> WORKER_THREADS = Setting.integer("errand.worker.threads", 8, 1, 10_000)
            .doc(
                    "job threads per worker; the JDBC and Redis connection pools are sized for it unless their size is set");
    public static final Setting<List<String>> WORKER_QUEUES = Setting.list("errand.worker.queues")
            .defaultText("the queues of the registered jobs")
            .check(queues -> queues.stream().allMatch(Names::isQueue), "comma-separated queue names of " + NAME_RULE)
            .doc("the queues a worker serves");
    public static final Setting<Integer> WORKER_BATCH_SIZE = Setting.integer("errand.worker.batchSize", 1000, 1, 10_000)
            .doc("most jobs claimed per backend call, and most claimed jobs kept waiting beyond the running ones");
    public static final Setting<Duration> WORKER_PREFETCH = Setting.duration(
                    "errand.worker.prefetch", Duration.ofMillis(100))
            .doc("how much work claimed jobs waiting beyond the running ones may hold, at the recent mean run time of "
                    + "jobs: short jobs are claimed in whole batches, long ones about one at a time");
    public static final Setting<Duration> WORKER_LEASE = Setting.duration("errand.worker.lease", Duration.ofSeconds(30))
            .doc("how long a claim lasts without a heartbeat: what a crash delays a job by");
    public static final Setting<Duration> WORKER_SHUTDOWN_GRACE = Setting.duration(
                    "errand.worker.shutdownGrace", Duration.ofSeconds(30))
            .doc("how long `close()` lets running jobs finish");
    public static final Setting<Duration> WORKER_RETRY_BACKOFF = Setting.duration(
                    "errand.worker.retryBackoff", Duration.ofSeconds(1))
            .doc("the first retry's backoff; it doubles per attempt");
    public static final Setting<Duration> WORKER_MAX_BACKOFF =
            Setting.duration("errand.worker.maxBackoff", Duration.ofHours(1)).doc("cap on the retry backoff");
    public static final Setting<String> WORKER_NAME = Setting.string("errand.worker.name", null)
            .defaultText("`w1`, `w2`, ...")
            .check(Names::isQueue, "a worker name of " + NAME_RULE)
            .doc("the worker's name in leases and the timing log");
    public static final Setting<Duration> MAINTENANCE_INTERVAL = Setting.duration("errand.maintenance.interval", null)
            .defaultText("a third of `errand.worker.lease`")
            .allowed("positive, at most half of `errand.worker.lease`")
            .doc("how often a worker tries to take or renew the store's maintenance lease and, while it holds it, "
                    + "rescues expired leases and prunes finished jobs");

    public static final Setting<Duration> WORKER_MISFIRE_THRESHOLD = Setting.duration(
                    "errand.worker.misfireThreshold", Duration.ofMinutes(1))
            .doc("how late a recurring job's instant may be fired and still run as scheduled; instants later "
                    + "than that were missed and follow the schedule's missed-runs policy");
    public static final Setting<Boolean> WORKER_FIRE_SCHEDULES = Setting.bool("errand.worker.fireSchedules", true)
            .doc("whether the worker fires due recurring jobs (once a second); any number of workers may, each "
                    + "instant runs once");

    public CoreKeys() {
        super(
                "errand-api",
                "The client and the workers",
                List.of(
                        BACKEND,
                        CALL_TIMEOUT,
                        PAYLOAD_MAX_BYTES,
                        PAYLOAD_MAX_DEPTH,
                        TIMING_ENABLED,
                        WORKER_THREADS,
                        WORKER_QUEUES,
                        WORKER_BATCH_SIZE,
                        WORKER_PREFETCH,
                        WORKER_LEASE,
                        WORKER_SHUTDOWN_GRACE,
                        WORKER_RETRY_BACKOFF,
                        WORKER_MAX_BACKOFF,
                        WORKER_NAME,
                        MAINTENANCE_INTERVAL,
                        WORKER_MISFIRE_THRESHOLD,
                        WORKER_FIRE_SCHEDULES));
    }
}
