package dev.errand.backend.theschwartz;

/** A failure of the TheSchwartz database or of its tables, naming the database and what to do. */
public final class TheSchwartzException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TheSchwartzException(String message, Throwable cause) {
        super(message, cause);
    }
}
