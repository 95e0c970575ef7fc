package dev.errand.backend.gearman;

import dev.errand.job.JobId;
import java.util.Optional;

/**
 * Job ids on Gearman: {@code host:port//H}, the server as configured and gearmand's handle, as Perl's
 * {@code Gearman::Client} writes them. A handle is only meaningful on the server that made it.
 */
public final class JobHandles {
    private static final String SEPARATOR = "//";

    private JobHandles() {}

    public static JobId id(ServerAddress server, String handle) {
        return JobId.of(server + SEPARATOR + handle);
    }

    /** The server and handle of {@code id}; empty when it is not a Gearman id. */
    public static Optional<Parsed> parse(JobId id) {
        String v = id.value();
        int at = v.indexOf(SEPARATOR);
        if (at <= 0 || at + SEPARATOR.length() >= v.length()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Parsed(
                    ServerAddress.parse(v.substring(0, at), "job id"), v.substring(at + SEPARATOR.length())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public record Parsed(ServerAddress server, String handle) {}
}
