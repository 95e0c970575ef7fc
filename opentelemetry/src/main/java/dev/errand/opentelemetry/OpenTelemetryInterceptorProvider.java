package dev.errand.opentelemetry;

import dev.errand.config.ErrandConfig;
import dev.errand.spi.JobInterceptor;
import dev.errand.spi.JobInterceptorProvider;

/**
 * Gives every {@code Errand} an {@link ErrandTracing} on {@code GlobalOpenTelemetry} when
 * {@code io.opentelemetry:opentelemetry-api} is on the class path, and nothing when it is not. Names no OpenTelemetry
 * type itself, so it loads either way.
 */
public final class OpenTelemetryInterceptorProvider implements JobInterceptorProvider {
    static final String API_CLASS = "io.opentelemetry.api.GlobalOpenTelemetry";

    @Override
    public String name() {
        return "opentelemetry";
    }

    @Override
    public JobInterceptor create(ErrandConfig config) {
        try {
            Class.forName(API_CLASS, false, OpenTelemetryInterceptorProvider.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        return ErrandTracing.global();
    }
}
