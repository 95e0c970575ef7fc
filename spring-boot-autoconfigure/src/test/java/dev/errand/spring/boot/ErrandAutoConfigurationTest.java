package dev.errand.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import dev.errand.worker.Worker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

class ErrandAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ErrandAutoConfiguration.class))
            .withPropertyValues("errand.backend=memory", "errand.worker.threads=2");

    @Test
    void stubsAreBeans_andTheWorkerRunsJobsOnSpringBeansWithTheirDependencies() {
        runner.withUserConfiguration(GreeterConfiguration.class).run(context -> {
            assertThat(context)
                    .hasSingleBean(Errand.class)
                    .hasSingleBean(GreeterJobs.class)
                    .hasSingleBean(Worker.class);

            context.getBean(GreeterJobs.class).greet("Ada").enqueue();

            Greetings greetings = context.getBean(Greetings.class);
            await("the greeting job on the Greeter bean")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> greetings.lines().contains("hello Ada"));
        });
    }

    @Test
    void errandKeys_comeFromTheSpringEnvironment_withTheirMeaningInErrandProperties() {
        runner.withPropertyValues(
                        "errand.worker.shutdown-grace=7s",
                        "errand.worker.queues[0]=a",
                        "errand.worker.queues[1]=b",
                        "errand.payload.maxBytes=${payload.limit}",
                        "payload.limit=2048")
                .run(context -> {
                    ErrandConfig config = context.getBean(Errand.class).config();
                    assertThat(config.get("errand.worker.shutdownGrace")).contains("7s");
                    assertThat(config.list("errand.worker.queues")).containsExactly("a", "b");
                    assertThat(context.getBean(Errand.class).maxPayloadBytes()).isEqualTo(2048);
                    assertThat(config.get("errand.backend")).contains("memory");
                });
    }

    @Test
    void errandsOwnSecretReferences_areResolvedByErrand_notTakenBySpringForPlaceholders() {
        runner.withPropertyValues("errand.redis.password=${env:PATH}").run(context -> {
            ErrandConfig config = context.getBean(Errand.class).config();
            // Spring alone would read ${env:PATH} as the property "env" with the default "PATH".
            assertThat(config.get("errand.redis.password")).contains(System.getenv("PATH"));
            assertThat(config.printable("errand.redis.password")).isEqualTo("****");
        });
    }

    @Test
    void aStartThatFailedOnErrandsConfiguration_isExplainedWithErrandsMessage() {
        runner.withPropertyValues("errand.worker.thraeds=4").run(context -> {
            var analysis = new ErrandConfigFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription())
                    .startsWith(
                            "Errand's configuration is invalid: unknown configuration key "
                                    + "errand.worker.thraeds (from the Spring environment); did you mean errand.worker.threads?");
            assertThat(analysis.getAction()).contains("application.properties");
        });
    }

    @Test
    void aTypoInAnErrandKey_failsTheStart_namingTheKey() {
        runner.withPropertyValues("errand.worker.thraeds=4").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(ErrandConfigException.class)
                    .hasMessageStartingWith("unknown configuration key errand.worker.thraeds (from the Spring "
                            + "environment); did you mean errand.worker.threads?");
        });
    }

    @Test
    void anUnknownBackend_failsTheStart_namingTheValue() {
        runner.withPropertyValues("errand.backend=nope").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(ErrandConfigException.class)
                    .hasMessageContaining("no backend named 'nope' for errand.backend");
        });
    }

    @Test
    void workerDisabled_producerOnly_stubsStillEnqueue() {
        runner.withUserConfiguration(GreeterConfiguration.class)
                .withPropertyValues("errand.worker.enabled=false")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(Worker.class).hasSingleBean(GreeterJobs.class);
                    context.getBean(GreeterJobs.class).greet("Bob").enqueue();
                    assertThat(context.getBean(Errand.class).backend().queueStats())
                            .singleElement()
                            .satisfies(q -> assertThat(q.available()).isEqualTo(1));
                });
    }

    @Test
    void noJobBeans_noWorker_andTheContextStarts() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(GreeterJobs.class);
            assertThat(context.getBeanProvider(Worker.class).getIfAvailable()).isNull();
        });
    }

    @Test
    void contextClose_letsARunningJobFinish_withinTheShutdownGrace() {
        AtomicReference<Greetings> greetings = new AtomicReference<>();
        runner.withUserConfiguration(GreeterConfiguration.class)
                .withPropertyValues("errand.worker.shutdownGrace=10s")
                .run(context -> {
                    greetings.set(context.getBean(Greetings.class));
                    context.getBean(GreeterJobs.class).greetSlowly("Cy", 5_000).enqueue();
                    await("the slow greeting started")
                            .atMost(Duration.ofSeconds(10))
                            .until(() -> greetings.get().lines().contains("started Cy"));
                    Thread closing = Thread.currentThread();
                    Thread releaser = new Thread(() -> {
                        // the job finishes only once the close is waiting for it
                        await("the close waiting for the running job")
                                .atMost(Duration.ofSeconds(10))
                                .until(() -> closing.getState() == Thread.State.TIMED_WAITING
                                        || closing.getState() == Thread.State.WAITING);
                        greetings.get().release();
                    });
                    releaser.start();
                    ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
                    releaser.join(10_000);
                    assertThat(greetings.get().lines())
                            .as("lines once the context closed")
                            .containsExactly("started Cy", "hello Cy");
                });
    }
}
