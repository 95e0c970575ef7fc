package dev.errand.examples.generated;

import static org.assertj.core.api.Assertions.assertThat;

import dev.errand.Errand;
import dev.errand.JobFuture;
import dev.errand.job.JobState;
import dev.errand.worker.Worker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The processor's output works for real in a Maven build like a user's: the stub and dispatcher
 * generated for {@link Greeter} (records, enums, lists, varargs, void) run on the memory backend,
 * and the worker finds the dispatcher through the generated services file.
 */
class GeneratedCodeRunsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void generatedStubAndDispatcher_runEveryKindOfJob() {
        try (Errand errand = Errand.builder().backend("memory").build();
                Worker worker =
                        errand.worker().register(new Greeter()).threads(1).start()) {
            GreeterJobs jobs = new GreeterJobs(errand);

            JobFuture<Greeter.Greeting> greeting = jobs.greet("Lovelace", Greeter.Tone.LOUD, List.of("Lady", "Ada"))
                    .submit();
            assertThat(greeting.await(WAIT)).isEqualTo(new Greeter.Greeting("Hello, Lady Ada Lovelace!", 25));
            assertThat(errand.job(greeting.id()).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);

            assertThat(jobs.countLetters("one", "three").call(WAIT)).isEqualTo(8);
            assertThat(jobs.audit("bookmark 42 saved").call(WAIT)).isNull();
            assertThat(Greeter.AUDIT).containsExactly("bookmark 42 saved");
            assertThat(worker.queues()).containsExactlyInAnyOrder("greetings", "default");
            assertThat(Thread.currentThread()
                            .getContextClassLoader()
                            .getResource("META-INF/services/dev.errand.spi.JobDispatcher"))
                    .isNotNull();
        }
    }
}
