package dev.errand.dashboard;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per action to the SLF4J logger {@code errand.audit}, in logfmt: who did what to which job or queue, from
 * where, and how it ended. Values are names the pages validated (job ids, queue and job names), so they hold no spaces.
 */
final class Audit {
    static final String LOGGER = "errand.audit";
    private final Logger log = LoggerFactory.getLogger(LOGGER);
    private final Consumer<String> listener;

    /** @param listener also gets each line (DashboardOptions.Builder#audit), or null */
    Audit(Consumer<String> listener) {
        this.listener = listener;
    }

    void record(String user, String remote, String action, String target, String outcome) {
        String line = "user=" + user + " remote=" + remote + " action=" + action + " " + target + " outcome=" + outcome;
        log.info(line);
        if (listener != null) {
            listener.accept(line);
        }
    }
}
