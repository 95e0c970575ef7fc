package dev.errand.cli.jobs;

import dev.errand.Job;
import java.util.Locale;

/** A job that Gearman clients call through {@code errand worker} and {@code errand manager}. */
public class GearmanShop {

    @Job(name = "cli::Upper")
    public String upper(String text) {
        return text.toUpperCase(Locale.ROOT);
    }
}
