package dev.errand.spi;

import dev.errand.config.ErrandConfig;

/**
 * Makes a {@link JobInterceptor}; listed in {@code META-INF/services/dev.errand.spi.JobInterceptorProvider} and found
 * by {@link java.util.ServiceLoader} when an {@code Errand} is built. A provider class must load without its
 * integration's library (name none of its types in its signatures), so that a class path without that library
 * costs nothing: {@link #create} then returns null.
 */
public interface JobInterceptorProvider {
    /** Short name for logs, e.g. {@code opentelemetry}. */
    String name();

    /** The interceptor, or null when it has nothing to do here (its library is missing, say). */
    JobInterceptor create(ErrandConfig config);
}
