package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.Errand;
import dev.errand.config.ErrandConfig;
import dev.errand.config.ErrandConfigException;
import dev.errand.testkit.TckService;
import dev.errand.testkit.TckServiceJobs;
import dev.errand.worker.Worker;
import dev.errand.worker.WorkerBuilder;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkerBuilderTest {

    @Test
    void badWorkerName_inCode_isReportedAsAWorkerName() {
        try (Errand errand = memory().build()) {
            assertThatThrownBy(() -> errand.worker().name("night shift"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("invalid worker name 'night shift' in name(...) (errand.worker.name in code): "
                            + "expected 1 to 64 letters, digits or _ . : -")
                    .hasMessageNotContaining("queue");
        }
    }

    @Test
    void badWorkerName_inConfiguration_failsNamingTheKey() {
        try (Errand errand =
                memory().property("errand.worker.name", "night shift").build()) {
            WorkerBuilder builder = errand.worker().register(new TckService());

            assertThatThrownBy(builder::build)
                    .isInstanceOf(ErrandConfigException.class)
                    .hasMessage("invalid value 'night shift' for errand.worker.name (from defaults): expected a worker "
                            + "name of 1 to 64 letters, digits or _ . : -");
        }
    }

    @Test
    void factory_runsWhenTheWorkerIsBuilt_oncePerWorker() {
        AtomicInteger made = new AtomicInteger();
        try (Errand errand = memory().build()) {
            WorkerBuilder builder = errand.worker().register(TckService.class, () -> {
                made.incrementAndGet();
                return new TckService();
            });
            assertThat(made).as("instances made at registration").hasValue(0);

            Worker first = builder.build();
            Worker second = builder.build();

            assertThat(made).as("instances made by two builds").hasValue(2);
            new TckServiceJobs(errand).echo("hi").enqueue();
            assertThat(first.drain().succeeded()).isEqualTo(1);
            assertThat(second.drain().attempts()).isZero();
        }
    }

    @Test
    void factoryReturningNull_failsAtBuild_namingTheType() {
        try (Errand errand = memory().build()) {
            WorkerBuilder builder = errand.worker().register(TckService.class, () -> null);

            assertThatThrownBy(builder::build)
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("factory for dev.errand.testkit.TckService returned null");
        }
    }

    private static Errand.ErrandBuilder memory() {
        return Errand.builder().config(ErrandConfig.empty()).backend("memory");
    }
}
