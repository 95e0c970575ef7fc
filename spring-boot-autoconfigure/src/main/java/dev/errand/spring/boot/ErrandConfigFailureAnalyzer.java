package dev.errand.spring.boot;

import dev.errand.config.ErrandConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A start that failed on Errand's configuration says so in Spring Boot's failure report, with Errand's message. */
final class ErrandConfigFailureAnalyzer extends AbstractFailureAnalyzer<ErrandConfigException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ErrandConfigException cause) {
        return new FailureAnalysis(
                "Errand's configuration is invalid: " + cause.getMessage(),
                "Fix the errand.* key named above in application.properties or application.yaml (or wherever the "
                        + "Spring environment got it); the keys and their values: docs/configuration.md",
                cause);
    }
}
