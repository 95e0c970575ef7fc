package dev.errand.backend.gearman.client;

/** A client call to gearmand failed: unreachable, refused, or the connection was lost; the message names the server. */
public final class GearmanClientException extends RuntimeException {
    public GearmanClientException(String message) {
        super(message);
    }

    public GearmanClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
