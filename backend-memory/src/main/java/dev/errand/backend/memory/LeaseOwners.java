package dev.errand.backend.memory;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workers that hold leases, as small numbers: a {@link JobRecord} keeps its lease owner as an {@code int}, not as
 * a reference (see the record's note on primitives). One entry per worker id the backend has seen; workers are few and
 * long-lived, so the table stays small.
 */
final class LeaseOwners {
    /** The owner of a job nobody holds. */
    static final int NONE = 0;

    private final ConcurrentHashMap<String, Integer> numbers = new ConcurrentHashMap<>();
    /** Owner number n is {@code names[n - 1]}; replaced, never changed, when an owner is added. */
    private volatile String[] names = new String[0];
    /** The owner looked up last: the leases of one finish batch are one worker's, with the same id instance. */
    private volatile Known last = new Known(null, NONE);

    private record Known(String owner, int number) {}

    /** The number of a worker that is about to hold leases, given one the first time. */
    int numberOf(String owner) {
        Integer number = numbers.get(owner);
        return number != null ? number : add(owner);
    }

    private synchronized int add(String owner) {
        return numbers.computeIfAbsent(owner, o -> {
            String[] grown = Arrays.copyOf(names, names.length + 1);
            grown[names.length] = o;
            names = grown;
            return grown.length;
        });
    }

    /** The number of a worker that may hold leases, or {@link #NONE} when it never held one here. */
    int knownNumberOf(String owner) {
        Known known = last;
        if (known.owner == owner) {
            return known.number;
        }
        Integer number = numbers.get(owner);
        if (number == null) {
            return NONE;
        }
        last = new Known(owner, number);
        return number;
    }

    /** The worker id of an owner number, or null for {@link #NONE}. */
    String name(int number) {
        return number == NONE ? null : names[number - 1];
    }
}
