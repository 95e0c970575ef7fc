package dev.errand.backend.gearman;

import dev.errand.config.Setting;
import dev.errand.config.SettingGroup;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;

/** The {@code errand.gearman.*} settings, declared once; {@link GearmanSettings} reads them. */
public final class GearmanKeys extends SettingGroup {
    static final Setting<List<String>> SERVERS = Setting.list("errand.gearman.servers")
            .defaultText("`127.0.0.1:4730`")
            .allowed("comma-separated `host:port`")
            .doc("the gearmand servers, in the order Perl's `Gearman::Client` lists them: a job with a unique key goes "
                    + "to the server Perl's client picks for that key, so both coalesce it; others go round-robin");
    static final Setting<Duration> CONNECT_TIMEOUT = Setting.duration(
                    "errand.gearman.connectTimeout", Duration.ofSeconds(5))
            .doc("how long one attempt to connect to a gearmand may take");
    static final Setting<Duration> RESPONSE_TIMEOUT = Setting.duration(
                    "errand.gearman.responseTimeout", Duration.ofSeconds(30))
            .doc("longest wait for gearmand to answer a submit, a status request, a grab or an admin command before "
                    + "the connection counts as dead");
    static final Setting<Boolean> EXCEPTIONS = Setting.bool("errand.gearman.exceptions", true)
            .doc("client connections ask gearmand for `WORK_EXCEPTION` packets, so failures arrive with their text");
    static final Setting<Integer> PRIORITY_HIGH = Setting.integer(
                    "errand.gearman.priority.high", 1, Integer.MIN_VALUE, Integer.MAX_VALUE)
            .doc("a job of at least this priority is submitted as `SUBMIT_JOB_HIGH*`");
    static final Setting<Integer> PRIORITY_LOW = Setting.integer(
                    "errand.gearman.priority.low", -1, Integer.MIN_VALUE, Integer.MAX_VALUE)
            .doc("a job of at most this priority is submitted as `SUBMIT_JOB_LOW*`; between the two: normal");
    static final Setting<Boolean> UNIQUE_STAMP = Setting.bool("errand.gearman.uniqueStamp", true)
            .doc("the unique Errand generates for a job without a key carries the enqueue time, so Java workers log a "
                    + "real `delay_ms`; `false`: a random UUID, as libgearman makes");
    static final Setting<String> CHARSET = Setting.string("errand.gearman.charset", "UTF-8")
            .check(GearmanKeys::isCharset, "a charset Java supports, e.g. UTF-8")
            .doc("how `String` workloads and results of raw jobs become bytes and back");
    static final Setting<String> WORK_DATA = Setting.choice(
                    "errand.gearman.client.workData", "concat", List.of("concat", "ignore"))
            .doc(
                    "the result of a foreground job: `concat` = every `WORK_DATA` chunk then the `WORK_COMPLETE` payload "
                            + "(what the `gearman` tool prints); `ignore` = the `WORK_COMPLETE` payload only (Perl's `do_task`)");
    static final Setting<Duration> KEEP_OUTCOMES = Setting.duration(
                    "errand.gearman.client.keepOutcomes", Duration.ofMinutes(10))
            .doc("how long a client remembers how its foreground jobs ended, for `job(id)`; gearmand forgets at once");
    static final Setting<String> RETRIES = Setting.choice(
                    "errand.gearman.worker.retries", "inline", List.of("inline", "none"))
            .doc(
                    "`inline`: a failed attempt with attempts left runs again on the same worker, which holds the Gearman "
                            + "job meanwhile, so `@Job(maxAttempts)` holds for every client; `none`: the first failure is final");
    static final Setting<Duration> MAX_INLINE_BACKOFF = Setting.duration(
                    "errand.gearman.worker.maxInlineBackoff", Duration.ofSeconds(5))
            .doc("cap on the backoff between inline attempts, because the job and its connection stay held");
    static final Setting<Duration> REGRAB_INTERVAL = Setting.duration(
                    "errand.gearman.worker.regrabInterval", Duration.ofSeconds(1))
            .doc("an idle worker connection asks for a job at least this often, even when gearmand sent no `NOOP`");
    static final Setting<Boolean> EPOCH = Setting.bool("errand.gearman.epoch", false)
            .doc("`true`: `enqueue()` with `delay()`/`runAt()` sends `SUBMIT_JOB_EPOCH` (the run time rounded up to a "
                    + "whole second; normal priority only); `false`: such a call is refused. Off by default because "
                    + "gearmand 1.1.20 sends no `NOOP` when the time comes: idle Java workers find the job at their "
                    + "next `errand.gearman.worker.regrabInterval`, foreign workers at their next grab");
    static final Setting<Integer> CONNECTIONS_PER_THREAD = Setting.integer(
                    "errand.gearman.worker.connectionsPerThread", 1, 1, 8)
            .doc("worker connections to each server per job thread; each holds at most one job, so with 2 a thread "
                    + "that finishes a job finds the next one already grabbed, which hides the round trip to a "
                    + "gearmand across a network, while up to one job per thread waits in the worker even if another "
                    + "worker is idle; 1 holds no job that no thread is free to run");
    static final Setting<String> EXCEPTION_ENCODING = Setting.choice(
                    "errand.gearman.worker.exceptionEncoding", "warning", List.of("warning", "text", "storable"))
            .doc("how a Java job's failure reaches the client: `warning` = `WORK_WARNING` with the exception's text, "
                    + "then `WORK_FAIL` (safe for every client); `text` = `WORK_EXCEPTION` with that text; `storable` = "
                    + "`WORK_EXCEPTION` with it frozen (`nfreeze`) as Perl's `Gearman::Worker` sends a `die`; the "
                    + "last two only for fleets whose clients all ask for exceptions (gearmand 1.1.20 garbles them "
                    + "for the others)");

    public GearmanKeys() {
        super(
                "errand-backend-gearman",
                "The Gearman backend",
                List.of(
                        SERVERS,
                        CONNECT_TIMEOUT,
                        RESPONSE_TIMEOUT,
                        EXCEPTIONS,
                        PRIORITY_HIGH,
                        PRIORITY_LOW,
                        UNIQUE_STAMP,
                        CHARSET,
                        WORK_DATA,
                        KEEP_OUTCOMES,
                        RETRIES,
                        MAX_INLINE_BACKOFF,
                        REGRAB_INTERVAL,
                        CONNECTIONS_PER_THREAD,
                        EPOCH,
                        EXCEPTION_ENCODING));
    }

    private static boolean isCharset(String name) {
        try {
            return Charset.isSupported(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
