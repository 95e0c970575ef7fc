package dev.errand.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** errand-opentelemetry on a class path with or without the OpenTelemetry API. */
class WithoutOpenTelemetryTest {

    @Test
    void withTheApi_theProviderGivesEveryClientTracingOnTheGlobalOpenTelemetry() {
        try (Errand errand =
                Errand.builder().config(ErrandConfig.empty()).backend("memory").build()) {
            assertThat(errand.interceptors()).hasSize(1).first().isInstanceOf(ErrandTracing.class);
        }
    }

    @Test
    void anInterceptorGivenToTheBuilder_replacesTheDiscoveredOne() {
        ErrandTracing own = new ErrandTracing(io.opentelemetry.api.OpenTelemetry.noop());
        try (Errand errand = Errand.builder()
                .config(ErrandConfig.empty())
                .backend("memory")
                .interceptor(own)
                .build()) {
            assertThat(errand.interceptors()).containsExactly(own);
        }
    }

    @Test
    void withoutTheApi_nothingChanges_noInterceptor_noClassLoadingError_andJobsRun() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(classPathWithoutOpenTelemetry(), platform())) {
            assertThatThrownBy(() -> Class.forName(OpenTelemetryInterceptorProvider.API_CLASS, false, loader))
                    .as("the class path under test lacks the OpenTelemetry API")
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> probe = Class.forName(WithoutOpenTelemetry.class.getName(), true, loader);
            assertThat(probe.getClassLoader()).isSameAs(loader);

            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            thread.setContextClassLoader(loader); // as in an application whose own loader lacks the API
            try {
                assertThat(probe.getMethod("run").invoke(null)).isEqualTo("interceptors=[] ran=1 done=[attic]");
            } finally {
                thread.setContextClassLoader(before);
            }
        }
    }

    private static ClassLoader platform() {
        return ClassLoader.getPlatformClassLoader();
    }

    /** The test class path (surefire keeps it in a property) less every io.opentelemetry jar. */
    private static URL[] classPathWithoutOpenTelemetry() throws MalformedURLException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        int left = 0;
        for (String entry : cp.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            if (entry.replace('\\', '/').contains("/io/opentelemetry/")) {
                left++;
                continue;
            }
            urls.add(Path.of(entry).toUri().toURL());
        }
        assertThat(left).as("io.opentelemetry jars left out of %s", cp).isPositive();
        return urls.toArray(URL[]::new);
    }
}
