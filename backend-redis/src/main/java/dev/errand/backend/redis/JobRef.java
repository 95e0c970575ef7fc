package dev.errand.backend.redis;

import dev.errand.job.JobId;
import dev.errand.job.Names;
import java.util.Optional;

/**
 * Where a job lives: its queue and its number in that queue. The job id is {@code <queue>:<n>}
 * (e.g. {@code mail:42}), so any id leads straight to the queue's hash tag, and so to the one
 * cluster slot that holds the job, with no global index to keep in another slot.
 */
record JobRef(String queue, long n) {

    JobId id() {
        return JobId.of(queue + ":" + n);
    }

    String number() {
        return Long.toString(n);
    }

    /** The job an id names, or empty when the id was not made by this backend. */
    static Optional<JobRef> parse(JobId id) {
        String value = id.value();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1 || value.length() - colon > 19) {
            return Optional.empty();
        }
        String queue = value.substring(0, colon);
        for (int i = colon + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
        }
        if (!Names.isQueue(queue)) {
            return Optional.empty();
        }
        return Optional.of(new JobRef(queue, Long.parseLong(value.substring(colon + 1))));
    }

    @Override
    public String toString() {
        return queue + ":" + n;
    }
}
