package dev.errand.report;

/**
 * Little's law for one function over a stretch of the log: busy workers needed = arrival rate × mean
 * process time, against what the log shows.
 *
 * @param arrivalPerSecond   jobs that became ready to run per second
 * @param meanProcessSeconds the mean process time
 * @param workersNeeded      arrivalPerSecond × meanProcessSeconds
 * @param busyWorkers        attempts running at once on average (process time summed / elapsed time)
 * @param distinctWorkers    the most different {@code worker} values seen in one bucket
 * @param workersToAdd       how many more workers (or threads) to add; 0 when there is headroom
 */
public record Capacity(
        double arrivalPerSecond,
        double meanProcessSeconds,
        double workersNeeded,
        double busyWorkers,
        int distinctWorkers,
        int workersToAdd) {

    /** Workers the log shows working at once: the busy average, rounded, at least 1. */
    public int workersSeen() {
        return (int) Math.max(1, Math.round(busyWorkers));
    }

    /** The workers needed rounded up (after rounding to one decimal, so that 6.02 reads as 6). */
    public int workersNeededRoundedUp() {
        return (int) Math.ceil(Math.round(workersNeeded * 10) / 10.0);
    }
}
