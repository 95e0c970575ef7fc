package dev.errand.spi;

import java.sql.Connection;
import java.util.List;

/**
 * A backend that can store jobs inside the caller's JDBC transaction, so the jobs commit or roll
 * back with the caller's own data ({@link Capability#TRANSACTIONAL_ENQUEUE}).
 */
public interface TransactionalEnqueue {

    /**
     * Like {@link Backend#enqueue} but on {@code connection}, without committing, closing or
     * changing its auto-commit mode. The jobs become visible to workers when the caller commits.
     */
    List<EnqueueResult> enqueue(Connection connection, List<NewJob> jobs);
}
