package dev.errand.worker;

/**
 * Hears of every attempt a worker runs: once when it starts and once when its outcome is known, with the figures of
 * its timing-log line. Register one with {@link WorkerBuilder#attemptListener}; {@code errand-micrometer} turns them
 * into metrics. Both methods run on the job thread (or the supervisor's, for a timeout), so keep them quick and
 * let them not throw: an exception is logged and the attempt goes on. A worker without a listener pays nothing.
 */
public interface AttemptListener {
    /** An attempt of job {@code job} from queue {@code queue} starts on this thread. */
    default void started(String job, String queue) {}

    /** An attempt ended: the same figures as its line in the timing log. */
    void finished(AttemptEvent event);
}
