package dev.errand;

import dev.errand.config.ErrandConfig;
import dev.errand.job.JobHeaders;
import dev.errand.spi.EnqueueResult;
import dev.errand.spi.JobInterceptor;
import dev.errand.spi.JobInterceptorProvider;
import dev.errand.spi.NewJob;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interceptors of one client: those given to the builder, then those the class path's providers make, leaving
 * out a discovered one of the same class as a given one (the given one is configured by the application, e.g. with
 * its own OpenTelemetry). Calls them on the enqueue side; a failing interceptor is logged and skipped.
 */
final class JobInterceptors {
    private static final Logger log = LoggerFactory.getLogger(Errand.class);

    private final List<JobInterceptor> all;

    private JobInterceptors(List<JobInterceptor> all) {
        this.all = List.copyOf(all);
    }

    static JobInterceptors resolve(List<JobInterceptor> given, ErrandConfig config) {
        List<JobInterceptor> all = new ArrayList<>(given);
        ServiceLoader<JobInterceptorProvider> loader =
                ServiceLoader.load(JobInterceptorProvider.class, JobInterceptors.class.getClassLoader());
        var it = loader.iterator();
        while (true) {
            JobInterceptorProvider provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                log.warn("a job interceptor provider on the class path could not be loaded and is left out: {}", e, e);
                continue;
            }
            JobInterceptor made;
            try {
                made = provider.create(config);
            } catch (RuntimeException | LinkageError e) {
                log.warn("job interceptor provider {} failed and is left out; jobs run without it", provider.name(), e);
                continue;
            }
            if (made != null && given.stream().noneMatch(g -> g.getClass() == made.getClass())) {
                all.add(made);
            }
        }
        return new JobInterceptors(all);
    }

    List<JobInterceptor> all() {
        return all;
    }

    boolean isEmpty() {
        return all.isEmpty();
    }

    /** {@code job} with the headers every interceptor adds, in order; one that fails adds none. */
    NewJob decorate(NewJob job) {
        for (JobInterceptor interceptor : all) {
            try {
                JobHeaders headers = interceptor.decorate(job);
                if (headers != null && headers != job.headers()) {
                    job = job.withHeaders(headers);
                }
            } catch (RuntimeException e) {
                log.warn(
                        "job interceptor {} failed to decorate job {} on queue {}; it is enqueued without its headers",
                        interceptor,
                        job.name(),
                        job.queue(),
                        e);
            }
        }
        return job;
    }

    void enqueued(List<NewJob> jobs, List<EnqueueResult> results) {
        for (JobInterceptor interceptor : all) {
            for (int i = 0; i < jobs.size(); i++) {
                try {
                    interceptor.enqueued(jobs.get(i), results.get(i));
                } catch (RuntimeException e) {
                    log.warn(
                            "job interceptor {} failed on the enqueue of job {} (id {}); the job is stored",
                            interceptor,
                            jobs.get(i).name(),
                            results.get(i).id(),
                            e);
                }
            }
        }
    }
}
