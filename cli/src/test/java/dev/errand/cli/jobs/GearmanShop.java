package dev.errand.cli.jobs;

import dev.errand.Job;
import java.io.IOException;
import java.util.Locale;

/** Jobs that Gearman clients call through {@code errand worker} and {@code errand manager}. */
public class GearmanShop {

    @Job(name = "cli::Upper")
    public String upper(String text) {
        return text.toUpperCase(Locale.ROOT);
    }

    /** Records the run in {@code <dir>/runs.log}, as {@link ManagedJobs#record} does. */
    @Job(name = "cli::Record")
    public void record(String dir, String key) throws IOException {
        ManagedJobs.run(dir, key);
    }
}
