package dev.errand.manager;

/** A problem the operator must fix (a running manager, an unreachable backend); the CLI prints its message only. */
public final class ManagerException extends RuntimeException {
    public ManagerException(String message) {
        super(message);
    }

    public ManagerException(String message, Throwable cause) {
        super(message, cause);
    }
}
