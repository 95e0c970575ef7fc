package dev.errand.spring.boot;

import dev.errand.config.ErrandConfig;
import dev.errand.spi.Backend;

/**
 * Makes the backend from the application's own resources instead of from {@code errand.*} alone: the JDBC backend on
 * the application's {@code DataSource}. Returns null when the configuration asks for something else; then Errand
 * opens the backend {@code errand.backend} names, as it would without Spring.
 */
@FunctionalInterface
public interface ErrandBackendFactory {
    Backend create(ErrandConfig config);
}
