package dev.errand.backend.gearman.protocol;

import java.io.IOException;

/**
 * A peer sent bytes that are not a Gearman packet (bad magic, unknown type, a size over the
 * limit, too few arguments, a frame cut short). The connection is out of step and must be closed.
 */
public final class GearmanProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public GearmanProtocolException(String message) {
        super(message);
    }

    public GearmanProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
