package dev.errand.backend.gearman.admin;

import java.io.IOException;

/** gearmand answered an admin command with an error or with text that is not what the command returns. */
public final class GearmanAdminException extends IOException {
    private static final long serialVersionUID = 1L;

    public GearmanAdminException(String message) {
        super(message);
    }
}
