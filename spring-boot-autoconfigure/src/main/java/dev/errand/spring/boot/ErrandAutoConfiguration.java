package dev.errand.spring.boot;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.config.KnownKeys;
import dev.errand.spi.Backend;
import dev.errand.spi.JobInterceptor;
import dev.errand.worker.Worker;
import dev.errand.worker.WorkerBuilder;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Errand in a Spring Boot application: the {@link Errand} client configured from the {@code errand.*} keys of the
 * Spring environment, a bean for every generated {@code <Class>Jobs} stub, and a {@link Worker} running the
 * {@code @Job} methods of the application's beans from when the context is ready until it closes
 * ({@code errand.worker.enabled=false} leaves it out). With {@code errand.backend=jdbc} and no
 * {@code errand.jdbc.url}, the JDBC backend runs on the application's {@code DataSource} and joins its transactions.
 * Every {@link JobInterceptor} bean (tracing, the enqueue counter) is given to the client, in bean order.
 */
@AutoConfiguration(
        afterName = {
            // The application's DataSource: Spring Boot 3, then 4 (named, so neither line needs the other's class).
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
        })
@ConditionalOnClass(Errand.class)
public class ErrandAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(ErrandAutoConfiguration.class);

    @Bean
    static JobStubRegistrar errandJobStubRegistrar() {
        return new JobStubRegistrar();
    }

    @Bean
    @ConditionalOnMissingBean
    ErrandConfig errandConfig(ConfigurableEnvironment environment) {
        return SpringEnvironmentConfig.read(environment);
    }

    @Bean
    @ConditionalOnMissingBean
    Errand errand(
            ErrandConfig config,
            ObjectProvider<ErrandBackendFactory> backends,
            ObjectProvider<JobInterceptor> interceptors) {
        // Every key first, so a typo fails naming the key before any backend starts.
        KnownKeys.declared().check(config);
        Errand.ErrandBuilder builder = Errand.builder().config(config);
        interceptors.orderedStream().forEach(builder::interceptor);
        for (ErrandBackendFactory factory : backends.orderedStream().toList()) {
            Backend backend = factory.create(config);
            if (backend != null) {
                builder.backend(backend);
                break;
            }
        }
        return builder.build();
    }

    /** The JDBC backend on the application's data source, when both are on the class path and there is one. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {"dev.errand.backend.jdbc.JdbcBackend", "org.springframework.jdbc.datasource.DataSourceUtils"})
    @ConditionalOnSingleCandidate(DataSource.class)
    static class DataSourceBackendConfiguration {
        @Bean
        ErrandBackendFactory errandDataSourceBackend(DataSource dataSource) {
            return new DataSourceBackendFactory(dataSource);
        }
    }

    /** The worker, unless {@code errand.worker.enabled=false}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "errand.worker.enabled", havingValue = "true", matchIfMissing = true)
    static class WorkerConfiguration {
        /** Null (no worker bean) when no bean of the application has {@code @Job} methods. */
        @Bean
        @ConditionalOnMissingBean
        Worker errandWorker(
                Errand errand, ListableBeanFactory beans, ObjectProvider<ErrandWorkerCustomizer> customizers) {
            ClassLoader loader =
                    beans instanceof ConfigurableBeanFactory configurable && configurable.getBeanClassLoader() != null
                            ? configurable.getBeanClassLoader()
                            : ErrandAutoConfiguration.class.getClassLoader();
            JobBeans.Found found = JobBeans.find(beans, loader);
            if (!found.withoutBean().isEmpty()) {
                log.info(
                        "@Job classes without a Spring bean, not run by this application's worker: {}",
                        found.withoutBean());
            }
            if (found.beans().isEmpty()) {
                log.info("no Spring bean has @Job methods, so no Errand worker runs here; declare the job classes as "
                        + "beans (@Service), or set errand.worker.enabled=false in an application that only enqueues");
                return null;
            }
            WorkerBuilder builder = errand.worker().register(found.beans().toArray());
            customizers.orderedStream().forEach(c -> c.customize(builder));
            return builder.build();
        }

        @Bean
        ErrandWorkerLifecycle errandWorkerLifecycle(ObjectProvider<Worker> worker) {
            return new ErrandWorkerLifecycle(worker);
        }
    }
}
