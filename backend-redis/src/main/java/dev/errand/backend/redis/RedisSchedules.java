package dev.errand.backend.redis;

import dev.errand.job.Names;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.NewJob;
import dev.errand.spi.Schedule;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;

/**
 * The recurring jobs of a Redis backend. Each schedule lives in the cluster slot of the queue it enqueues on, so one
 * script ({@code schedule_fire.lua}) does the compare-and-set on its next fire and stores its runs atomically, on a
 * single server and on a Cluster alike; the hash {@code {prefix}:schedules} says which queue's slot holds which
 * schedule. That index is written before a schedule is stored and after it is deleted, so it may name a queue
 * whose slot no longer has the schedule (read as absent), never miss one.
 */
final class RedisSchedules {
    private final UnifiedJedis client;
    private final Keys keys;
    private final ScriptCalls scripts;
    private final Clock clock;
    private final Consumer<String> registerQueue;

    RedisSchedules(UnifiedJedis client, Keys keys, ScriptCalls scripts, Clock clock, Consumer<String> registerQueue) {
        this.client = client;
        this.keys = keys;
        this.scripts = scripts;
        this.clock = clock;
        this.registerQueue = registerQueue;
    }

    void save(Schedule schedule) {
        Names.checkQueue(schedule.queue());
        Names.checkJobName(schedule.jobName());
        String before = client.hget(keys.scheduleIndex(), schedule.name());
        client.hset(keys.scheduleIndex(), schedule.name(), schedule.queue());
        Schedule moved = null;
        if (before != null && !before.equals(schedule.queue())) {
            // The slot changes with the queue: take it out of the old slot (it cannot fire there any more), then
            // store it with its state in the new one.
            moved = scripts.takeSchedule(before, schedule.name());
            if (moved != null) {
                schedule = moved.updatedBy(schedule);
            }
        }
        registerQueue.accept(schedule.queue());
        scripts.saveSchedule(schedule, moved);
    }

    List<Schedule> all() {
        List<Schedule> out = new ArrayList<>();
        for (String queue : queues()) {
            out.addAll(scripts.schedules(queue, false, clock.instant(), 0));
        }
        out.sort(Comparator.comparing(Schedule::name));
        return out;
    }

    List<Schedule> due(Instant now, int max) {
        List<Schedule> out = new ArrayList<>();
        for (String queue : queues()) {
            out.addAll(scripts.schedules(queue, true, now, max));
        }
        out.sort(Comparator.comparing(Schedule::nextFire));
        return out.size() > max ? List.copyOf(out.subList(0, max)) : out;
    }

    /** The enqueue results of the runs, or null when the compare-and-set failed or there is no such schedule. */
    List<EnqueueResult> fire(String name, Instant expected, Instant next, List<NewJob> runs) {
        String queue = client.hget(keys.scheduleIndex(), name);
        if (queue == null) {
            return null;
        }
        for (NewJob run : runs) {
            if (!run.queue().equals(queue)) {
                throw new IllegalArgumentException("a run of schedule " + name + " is for queue " + run.queue()
                        + " but the schedule enqueues on queue " + queue
                        + "; fire it with the runs Schedule.runAt makes");
            }
        }
        return scripts.fireSchedule(queue, name, expected, next, runs, clock.instant());
    }

    boolean change(String name, String action, Instant next) {
        String queue = client.hget(keys.scheduleIndex(), name);
        if (queue == null) {
            return false;
        }
        boolean changed = scripts.changeSchedule(queue, name, action, next);
        if (action.equals("delete")) {
            client.hdel(keys.scheduleIndex(), name);
        }
        return changed;
    }

    /** The queues whose slots hold schedules, per the index. */
    private TreeSet<String> queues() {
        Map<String, String> index = new TreeMap<>(client.hgetAll(keys.scheduleIndex()));
        return new TreeSet<>(index.values());
    }
}
