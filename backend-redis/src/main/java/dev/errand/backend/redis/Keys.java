package dev.errand.backend.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The key layout. Every key of a queue carries the hash tag {@code {prefix:queue}}, so all of a
 * queue's keys, its jobs included, are in one cluster slot and one script can change them
 * atomically:
 *
 * <pre>
 * {errand:mail}:ready      zset   available jobs; score -priority, member runAt(ms, 14 digits) + n (12 digits)
 * {errand:mail}:delayed    zset   scheduled and retrying jobs; score runAt (epoch µs), member n
 * {errand:mail}:leases     zset   running jobs; score lease expiry (epoch µs), member n
 * {errand:mail}:unique     hash   name + '\n' + unique key -> n of the active job holding it
 * {errand:mail}:seq        string the queue's job counter (ids are mail:1, mail:2, ...)
 * {errand:mail}:job:42     hash   one job: fields, state, lease, result, errors; expires after the retention once final
 * {errand:mail}:all      zset   every kept job, for the operator's listing; score enqueuedAt (epoch µs), member n (12 digits)
 * {errand:mail}:gone     zset   dead and cancelled jobs; score when their hash expires (epoch µs), member n (12 digits)
 * {errand:mail}:prune    hash   where maintenance's walk over :all, dropping expired jobs, goes on
 * {errand}:queues          set    every queue that ever had a job (lease recovery visits them)
 * {errand:mail}:schedule:nightly  hash  a recurring job that enqueues on queue mail (schedule_save.lua lists its fields)
 * {errand:mail}:schedules  zset   the queue's recurring jobs; score next fire (epoch µs), +inf while paused
 * {errand}:schedules       hash   schedule name -> its queue: where to find each recurring job
 * {errand}:paused          set    the queues an operator paused; workers read it at most once a second
 * </pre>
 *
 * Pub/sub channels (no slot): {@code errand:wake:<queue>} tells idle workers that a queue got work;
 * {@code errand:client:<uuid>} tells one backend instance that a job it waits for has ended.
 */
final class Keys {
    private final String prefix;

    Keys(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
    }

    /** The hash-tagged base of a queue's keys: {@code {prefix:queue}}. */
    String base(String queue) {
        return "{" + prefix + ":" + queue + "}";
    }

    /** The five keys every queue script gets, in the order {@code common.lua} lists them (KEYS[1] to KEYS[5]). */
    List<byte[]> queueKeys(String queue) {
        String base = base(queue);
        return List.of(
                bytes(base + ":ready"),
                bytes(base + ":delayed"),
                bytes(base + ":leases"),
                bytes(base + ":unique"),
                bytes(base + ":seq"));
    }

    byte[] job(JobRef ref) {
        return bytes(base(ref.queue()) + ":job:" + ref.n());
    }

    String queues() {
        return "{" + prefix + "}:queues";
    }

    /** The paused queues (same slot as {@link #queues()}). */
    String paused() {
        return "{" + prefix + "}:paused";
    }

    /** The maintenance lease: who of all workers on this Redis rescues expired leases (same slot as {@link #queues()}). */
    byte[] maintenance() {
        return bytes("{" + prefix + "}:maintenance");
    }

    /** Which queue's slot holds each recurring job: schedule name → queue (same slot as {@link #queues()}). */
    String scheduleIndex() {
        return "{" + prefix + "}:schedules";
    }

    String wakeChannel(String queue) {
        return prefix + ":wake:" + queue;
    }

    String wakeChannelPrefix() {
        return prefix + ":wake:";
    }

    String clientChannel(String clientId) {
        return prefix + ":client:" + clientId;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
