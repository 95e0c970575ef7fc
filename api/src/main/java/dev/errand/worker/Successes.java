package dev.errand.worker;

/**
 * Where a job thread hands a job that ran to success, to be recorded later in a batch: the {@link Completer}'s shared
 * batch, or the thread's own ({@link OwnBatches.Slot}).
 */
interface Successes {
    void add(InFlight flight, byte[] result);
}
