package dev.errand.backend.jdbc;

import java.time.Instant;

/** Instants as the schema stores them: {@code BIGINT} microseconds since the epoch, UTC. */
final class Micros {
    private Micros() {}

    static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}
