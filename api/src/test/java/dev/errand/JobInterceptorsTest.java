package dev.errand;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.config.ErrandConfig;
import dev.errand.job.JobDefinition;
import dev.errand.job.JobHeaders;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.JobInterceptor;
import dev.errand.spi.NewJob;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's side of interceptors, on a backend that stores no headers (as Gearman and TheSchwartz). */
class JobInterceptorsTest {
    private static final JobDefinition<Void> NOTIFY = JobDefinition.<Void>builder(
                    "shop::Notify", Object.class, "notify")
            .queue("shop")
            .parameter("order", String.class)
            .signature("(java.lang.String)")
            .build();

    @Test
    void onABackendWithoutHeaders_noHeadersAreAdded_butEveryEnqueueIsHeardOf() {
        NoCapabilitiesBackend backend = new NoCapabilitiesBackend();
        List<String> heard = new ArrayList<>();
        JobInterceptor interceptor = new JobInterceptor() {
            @Override
            public JobHeaders decorate(NewJob job) {
                heard.add("decorate " + job.name());
                return job.headers().with("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            }

            @Override
            public void enqueued(NewJob job, EnqueueResult result) {
                heard.add("enqueued " + job.name() + " as " + result.id());
            }
        };
        try (Errand errand = Errand.builder()
                .config(ErrandConfig.empty())
                .backend(backend)
                .interceptor(interceptor)
                .build()) {
            errand.newCall(NOTIFY, "o-1").enqueue();

            assertThat(heard).containsExactly("enqueued shop::Notify as 1");
            assertThat(backend.jobs).extracting(NewJob::headers).containsExactly(JobHeaders.empty());
            assertThat(errand.interceptors()).containsExactly(interceptor);
        }
    }

    @Test
    void anInterceptorThatThrows_neitherFailsTheEnqueue_norSilencesTheOthers() {
        NoCapabilitiesBackend backend = new NoCapabilitiesBackend();
        List<String> heard = new ArrayList<>();
        try (Errand errand = Errand.builder()
                .config(ErrandConfig.empty())
                .backend(backend)
                .interceptor(new JobInterceptor() {
                    @Override
                    public void enqueued(NewJob job, EnqueueResult result) {
                        throw new IllegalStateException("a broken interceptor");
                    }
                })
                .interceptor(new JobInterceptor() {
                    @Override
                    public void enqueued(NewJob job, EnqueueResult result) {
                        heard.add("second heard " + result.id());
                    }
                })
                .build()) {
            errand.newCall(NOTIFY, "o-1").enqueue();

            assertThat(backend.stored).containsExactly("enqueue [shop::Notify]");
            assertThat(heard).containsExactly("second heard 1");
        }
    }
}
