package dev.errand.backend.memory;

import dev.errand.spi.EnqueueResult;
import dev.errand.spi.NewJob;
import dev.errand.spi.Schedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The recurring jobs of a memory backend, under one lock: firing checks the stored next instant, enqueues the runs
 * and moves the instant on while holding it, so two schedulers never fire the same instant. The lock is taken
 * before any queue lock (enqueue's), never after.
 */
final class Schedules {
    private final Map<String, Schedule> byName = new TreeMap<>();
    private final Function<List<NewJob>, List<EnqueueResult>> enqueue;

    Schedules(Function<List<NewJob>, List<EnqueueResult>> enqueue) {
        this.enqueue = enqueue;
    }

    synchronized void save(Schedule schedule) {
        byName.merge(schedule.name(), schedule, Schedule::updatedBy);
    }

    synchronized List<Schedule> all() {
        return List.copyOf(byName.values());
    }

    synchronized List<Schedule> due(Instant now, int max) {
        return byName.values().stream()
                .filter(s -> !s.paused() && !s.nextFire().isAfter(now))
                .sorted(Comparator.comparing(Schedule::nextFire))
                .limit(max)
                .toList();
    }

    synchronized boolean fire(String name, Instant expectedNext, Instant newNext, List<NewJob> runs) {
        Schedule s = byName.get(name);
        if (s == null || s.paused() || !s.nextFire().equals(expectedNext)) {
            return false;
        }
        List<EnqueueResult> results = runs.isEmpty() ? List.of() : enqueue.apply(new ArrayList<>(runs));
        byName.put(
                name,
                runs.isEmpty()
                        ? s.fired(newNext, null, null)
                        : s.fired(
                                newNext,
                                runs.get(runs.size() - 1).runAt(),
                                results.get(results.size() - 1).id()));
        return true;
    }

    synchronized boolean pause(String name) {
        return byName.computeIfPresent(name, (n, s) -> s.paused(true, s.nextFire())) != null;
    }

    synchronized boolean resume(String name, Instant next) {
        return byName.computeIfPresent(name, (n, s) -> s.paused(false, next)) != null;
    }

    synchronized boolean delete(String name) {
        return byName.remove(name) != null;
    }
}
