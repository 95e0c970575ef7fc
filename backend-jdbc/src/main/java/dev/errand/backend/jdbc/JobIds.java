package dev.errand.backend.jdbc;

import dev.errand.job.JobId;

/** Job ids are the decimal {@code BIGINT} primary key; anything else names no job here. */
final class JobIds {
    private JobIds() {}

    /** The numeric id, or -1 when {@code id} is not one of ours. */
    static long parse(JobId id) {
        String v = id.value();
        if (v.isEmpty() || v.length() > 19) {
            return -1;
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
