package dev.errand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.codec.JsonCodec;
import dev.errand.config.ErrandConfig;
import dev.errand.job.JobDefinition;
import dev.errand.job.JobId;
import dev.errand.spi.Capability;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client refuses, at call time and before the backend hears of it, every option that needs a {@link Capability}
 * the backend does not declare; the message names the job, the option, the backend and what to do instead.
 */
class CapabilityRefusalTest {
    private static final JobDefinition<String> AUDIT = JobDefinition.<String>builder(
                    "shop::Audit", Object.class, "audit")
            .queue("shop")
            .maxAttempts(3)
            .returnType(String.class)
            .parameter("order", String.class)
            .signature("(java.lang.String)")
            .build();
    private static final JobDefinition<Void> NOTIFY = JobDefinition.<Void>builder(
                    "shop::Notify", Object.class, "notify")
            .queue("shop")
            .parameter("order", String.class)
            .signature("(java.lang.String)")
            .build();

    private final NoCapabilitiesBackend backend = new NoCapabilitiesBackend();
    private final Errand errand =
            Errand.builder().config(ErrandConfig.empty()).backend(backend).build();

    @AfterEach
    void close() {
        errand.close();
    }

    @Test
    void delay_isRefused_namingTheJobTheOptionTheBackendAndWhatToDoInstead() {
        assertThatThrownBy(() -> errand.newCall(AUDIT, "o-1")
                        .delay(Duration.ofMinutes(5))
                        .enqueue())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("job shop::Audit: delay() needs a backend with SCHEDULING; the no-capabilities backend "
                        + "has none — enqueue it without a delay or run time");
        assertThat(backend.stored).isEmpty();
    }

    @Test
    void runAt_isRefused() {
        assertThatThrownBy(() -> errand.newCall(NOTIFY, "o-1")
                        .runAt(Instant.parse("2030-01-01T00:00:00Z"))
                        .enqueue())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("job shop::Notify: runAt() needs a backend with SCHEDULING; the no-capabilities backend "
                        + "has none — enqueue it without a delay or run time");
    }

    @Test
    void theBackendsOwnAdvice_endsTheMessage() {
        backend.instead.put(Capability.SCHEDULING, "enable errand.gearman.epoch or enqueue without a delay");

        assertThatThrownBy(() -> errand.newCall(NOTIFY, "o-1")
                        .delay(Duration.ofSeconds(1))
                        .enqueue())
                .hasMessage("job shop::Notify: delay() needs a backend with SCHEDULING; the no-capabilities backend "
                        + "has none — enable errand.gearman.epoch or enqueue without a delay");
    }

    @Test
    void anotherQueue_isRefused() {
        assertThatThrownBy(() -> errand.newCall(NOTIFY, "o-1").queue("urgent").enqueue())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("job shop::Notify: queue(\"urgent\") needs a backend with QUEUES; the no-capabilities "
                        + "backend has none — leave out queue(...): the job goes to its @Job(queue) shop");
    }

    @Test
    void anotherAttemptLimit_isRefused() {
        assertThatThrownBy(() -> errand.newCall(NOTIFY, "o-1").maxAttempts(9).enqueue())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("job shop::Notify: maxAttempts(9) needs a backend with PER_CALL_MAX_ATTEMPTS; the "
                        + "no-capabilities backend has none — leave out maxAttempts(...) and set @Job(maxAttempts) "
                        + "instead (now 5)");
    }

    @Test
    void theJobsOwnQueueAndAttemptLimit_areNoOptionAndPass() {
        errand.newCall(AUDIT, "o-1").queue("shop").maxAttempts(3).enqueue();

        assertThat(backend.stored).containsExactly("enqueue [shop::Audit]");
    }

    @Test
    void resultOfANonVoidJob_isRefused_forCallSubmitAndSubmitAll() {
        String tail = " needs a backend with RESULTS; the no-capabilities backend has none — enqueue() it and let "
                + "the job store its result where the caller can read it, or make it void";
        assertThatThrownBy(() -> errand.newCall(AUDIT, "o-1").call())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("job shop::Audit: call()" + tail);
        assertThatThrownBy(() -> errand.newCall(AUDIT, "o-1").submit()).hasMessage("job shop::Audit: submit()" + tail);
        assertThatThrownBy(() -> errand.submitAll(List.of(errand.newCall(AUDIT, "o-1"))))
                .hasMessage("job shop::Audit: submitAll()" + tail);
        assertThat(backend.stored).isEmpty();
    }

    @Test
    void aVoidJob_mayBeSubmitted_andGoesThroughSubmit() {
        errand.newCall(NOTIFY, "o-1").submit();
        errand.submitAll(List.of(errand.newCall(NOTIFY, "o-2"), errand.newCall(NOTIFY, "o-3")));
        errand.newCall(NOTIFY, "o-4").enqueue();
        errand.enqueueAll(List.of(errand.newCall(NOTIFY, "o-5")));

        assertThat(backend.stored)
                .containsExactly(
                        "submit [shop::Notify]",
                        "submit [shop::Notify, shop::Notify]",
                        "enqueue [shop::Notify]",
                        "enqueue [shop::Notify]");
    }

    @Test
    void awaitingAnEnqueuedJob_isRefused() {
        JobId id = errand.newCall(NOTIFY, "o-1").enqueue();

        assertThatThrownBy(() -> errand.awaitFinished(id, Duration.ofSeconds(1)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("job " + id + ": awaitFinished() needs a backend with BACKGROUND_OUTCOMES; the "
                        + "no-capabilities backend has none — submit() or call() the job to await its outcome, or "
                        + "look at it with job(id)");
    }

    @Test
    void cancel_isRefused_byTheClientAndByAFuture() {
        JobId id = errand.newCall(NOTIFY, "o-1").enqueue();
        String tail = ": cancel() needs a backend with CANCEL; the no-capabilities backend has none — let the job "
                + "run, and have it skip work that is no longer wanted";

        assertThatThrownBy(() -> errand.cancel(id))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("job " + id + tail);
        JobFuture<Void> future = errand.newCall(NOTIFY, "o-2").submit();
        assertThatThrownBy(() -> future.cancel(false))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("job " + future.id() + tail);
    }

    @Test
    void theProvidersCodec_isUsed_unlessTheBuilderSetsOne() {
        try (Errand viaProvider = Errand.builder()
                .config(ErrandConfig.empty())
                .backend(NoCapabilitiesBackend.NAME)
                .build()) {
            assertThat(viaProvider.codec()).isInstanceOf(NoCapabilitiesBackend.WireCodec.class);
            assertThat(((NoCapabilitiesBackend.WireCodec) viaProvider.codec()).json())
                    .isInstanceOf(JsonCodec.class);
        }
        JsonCodec own = new JsonCodec(8);
        try (Errand withOwn = Errand.builder()
                .config(ErrandConfig.empty())
                .backend(NoCapabilitiesBackend.NAME)
                .codec(own)
                .build()) {
            assertThat(withOwn.codec()).isSameAs(own);
        }
    }
}
