package dev.errand.spring.boot;

import dev.errand.worker.WorkerBuilder;

/**
 * A bean of this type changes the worker the auto-configuration builds, before it is built: a retry policy, an
 * attempt listener, other queues. Settings in {@code errand.worker.*} apply first.
 */
@FunctionalInterface
public interface ErrandWorkerCustomizer {
    void customize(WorkerBuilder builder);
}
