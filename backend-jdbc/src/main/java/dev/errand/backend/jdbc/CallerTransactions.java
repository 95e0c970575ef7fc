package dev.errand.backend.jdbc;

import java.sql.Connection;

/**
 * Where {@link JdbcBackend#enqueue(java.util.List)} finds a transaction the caller is in, so that a plain
 * {@code enqueue()} joins it instead of committing on its own: e.g. Spring's transaction bound to the thread
 * ({@code errand-spring-boot-autoconfigure}). See {@link JdbcBackend#onDataSource}.
 */
public interface CallerTransactions {
    /**
     * The connection of the transaction the calling thread is in, on the backend's data source, or null when there is
     * none: then the enqueue commits in a transaction of its own.
     */
    Connection current();

    /** Gives back a connection that {@link #current()} returned, once the jobs were stored on it. */
    void release(Connection connection);
}
