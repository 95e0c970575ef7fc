package dev.errand.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.errand.job.JobError;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.job.JobState;
import dev.errand.spi.Backend;
import dev.errand.spi.BackendContext;
import dev.errand.spi.ClaimedJob;
import dev.errand.spi.JobPage;
import dev.errand.spi.JobQuery;
import dev.errand.spi.NewJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The operator's calls ({@code errand jobs}, {@code retry}, {@code delete}, {@code pause}): listing with filters and
 * keyset paging, retrying dead and cancelled jobs, deleting, purging, and the paused set. What a worker does with a
 * paused queue is in {@link PauseContract}.
 */
public abstract class OperationsContract extends ContractArea {
    protected OperationsContract(Function<BackendContext, Backend> factory) {
        super(factory);
    }

    /** Enqueues {@code count} jobs in batches, ten per millisecond of enqueue time (so times tie), oldest first. */
    private List<JobId> enqueueMany(int count, String queue) {
        List<JobId> ids = new ArrayList<>(count);
        List<NewJob> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(NewJobs.at(T0.plusMillis(i / 10))
                    .queue(queue)
                    .payload("[" + i + "]")
                    .build());
            if (batch.size() == 10) {
                backend.enqueue(batch).forEach(r -> ids.add(r.id()));
                batch.clear();
            }
        }
        backend.enqueue(batch).forEach(r -> ids.add(r.id()));
        return ids;
    }

    private List<JobId> everyPage(JobQuery query) {
        List<JobId> seen = new ArrayList<>();
        JobPage page = backend.listJobs(query);
        int pages = 1;
        while (true) {
            assertThat(page.jobs().size()).as("page " + pages + " size").isLessThanOrEqualTo(query.limit());
            page.jobs().forEach(j -> seen.add(j.id()));
            if (page.next().isEmpty()) {
                return seen;
            }
            page = backend.listJobs(query.after(page.next().get()));
            pages++;
        }
    }

    private JobId deadJob(String name, String queue, String message) {
        JobId id = enqueue(job().name(name).queue(queue).maxAttempts(1).build()).id();
        ClaimedJob claimed = claimOne(queue);
        assertThat(backend.fail(claimed.lease(), new JobError(1, clock.instant(), "E", message, ""), null))
                .isTrue();
        return id;
    }

    @Test
    void listJobs_pagesThroughThousandsOfJobs_eachOnce_inEnqueueOrder_bothWays() {
        List<JobId> ids = enqueueMany(2500, "bulk");
        clock.advance(Duration.ofSeconds(1));

        List<JobId> oldestFirst = everyPage(JobQuery.all().oldestFirst().limit(97));
        List<JobId> newestFirst = everyPage(JobQuery.all().limit(1000));

        assertThat(oldestFirst).containsExactlyElementsOf(ids);
        List<JobId> reversed = new ArrayList<>(ids);
        java.util.Collections.reverse(reversed);
        assertThat(newestFirst).containsExactlyElementsOf(reversed);
    }

    @Test
    void listJobs_aPage_isNotShiftedByJobsAddedOrRemovedMeanwhile() {
        List<JobId> ids = enqueueMany(30, "q");
        JobPage first = backend.listJobs(JobQuery.all().oldestFirst().limit(10));
        assertThat(backend.delete(ids.get(3))).isTrue();
        assertThat(backend.delete(ids.get(10))).isTrue();
        clock.advance(Duration.ofMinutes(1));
        enqueue(job().build());

        JobPage second = backend.listJobs(
                JobQuery.all().oldestFirst().limit(10).after(first.next().orElseThrow()));

        assertThat(first.jobs()).extracting(JobInfo::id).containsExactlyElementsOf(ids.subList(0, 10));
        assertThat(second.jobs()).extracting(JobInfo::id).containsExactlyElementsOf(ids.subList(11, 21));
    }

    @Test
    void listJobs_filtersByState_queue_name_andEnqueueTime() {
        JobId dead = deadJob("Mail.send", "mail", "bounced");
        JobId waiting = enqueue(job().name("Mail.send").queue("mail").build()).id();
        clock.advance(Duration.ofSeconds(10));
        JobId later = enqueue(job().name("Mail.send")
                        .queue("mail")
                        .runAt(T0.plusSeconds(60))
                        .build())
                .id();
        JobId otherName =
                enqueue(job().name("Mail.digest").queue("mail").build()).id();
        JobId otherQueue =
                enqueue(job().name("Mail.send").queue("bulk").build()).id();
        JobId running = enqueue(job().name("Img.resize").queue("img").build()).id();
        claimOne("img");

        assertThat(ids(JobQuery.all().states(JobState.DEAD))).containsExactly(dead);
        assertThat(ids(JobQuery.all().states(JobState.RUNNING))).containsExactly(running);
        assertThat(ids(JobQuery.all().states(JobState.SCHEDULED))).containsExactly(later);
        assertThat(ids(JobQuery.all()
                        .states(JobState.AVAILABLE, JobState.DEAD)
                        .queue("mail")
                        .oldestFirst()))
                .containsExactly(dead, waiting, otherName);
        assertThat(ids(JobQuery.all().name("Mail.send").queue("mail"))).containsExactly(later, waiting, dead);
        assertThat(ids(JobQuery.all().queue("bulk"))).containsExactly(otherQueue);
        assertThat(ids(JobQuery.all()
                        .enqueued(T0.plusSeconds(10), null)
                        .queue("mail")
                        .oldestFirst()))
                .containsExactly(later, otherName);
        assertThat(ids(JobQuery.all().enqueued(null, T0.plusSeconds(10)).oldestFirst()))
                .containsExactly(dead, waiting);
        assertThat(ids(JobQuery.all().queue("nothing-here"))).isEmpty();
        assertThat(backend.listJobs(JobQuery.all().states(JobState.DEAD))
                        .jobs()
                        .get(0)
                        .lastError()
                        .orElseThrow()
                        .message())
                .isEqualTo("bounced");
    }

    private List<JobId> ids(JobQuery query) {
        JobPage page = backend.listJobs(query);
        assertThat(page.next()).as("one page is enough for " + query).isEmpty();
        return page.jobs().stream().map(JobInfo::id).toList();
    }

    @Test
    void retry_ofADeadJob_makesItAvailableNow_withANewAttemptBudget_andKeepsItsErrors() {
        JobId id = deadJob("Mail.send", "mail", "smtp down");
        clock.advance(Duration.ofMinutes(5));

        assertThat(backend.retry(id)).isTrue();

        JobInfo info = info(id);
        assertThat(info.state()).isEqualTo(JobState.AVAILABLE);
        assertThat(info.finishedAt()).isEmpty();
        assertThat(info.runAt()).isEqualTo(clock.instant());
        assertThat(info.maxAttempts()).isEqualTo(2);
        assertThat(info.errors()).extracting(JobError::message).containsExactly("smtp down");
        ClaimedJob again = claimOne("mail");
        assertThat(again.id()).isEqualTo(id);
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(backend.fail(again.lease(), new JobError(2, clock.instant(), "E", "still down", ""), null))
                .isTrue();
        assertThat(info(id).state()).isEqualTo(JobState.DEAD);
        assertThat(info(id).errors()).extracting(JobError::message).containsExactly("smtp down", "still down");
    }

    @Test
    void retry_ofACancelledJob_runsIt_andItsOutcomeIsTheNewOne() throws Exception {
        JobId id = enqueue(job().queue("mail").build()).id();
        assertThat(backend.cancel(id)).isTrue();

        assertThat(backend.retry(id)).isTrue();
        CompletableFuture<dev.errand.spi.Outcome> outcome = backend.outcome(id);
        assertThat(backend.complete(claimOne("mail").lease(), null)).isTrue();

        assertThat(info(id).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(outcome.get(10, java.util.concurrent.TimeUnit.SECONDS).state())
                .isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void retry_ofAJobThatIsNotDeadOrCancelled_isRefused_namingTheJobAndItsState_andUnknownIsFalse() {
        JobId waiting = enqueue(job().queue("mail").build()).id();

        assertThatThrownBy(() -> backend.retry(waiting))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(waiting.value())
                .hasMessageContaining("AVAILABLE");
        claimOne("mail");
        assertThatThrownBy(() -> backend.retry(waiting))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(waiting.value())
                .hasMessageContaining("RUNNING");
        assertThat(backend.retry(new JobId("987654321"))).isFalse();
        assertThat(state(waiting)).isEqualTo(JobState.RUNNING);
    }

    @Test
    void retryDead_retriesEveryDeadJobOfThatNameAndQueue_inOneCall() {
        List<JobId> mail = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            mail.add(deadJob("Mail.send", "mail", "e" + i));
        }
        JobId otherName = deadJob("Mail.digest", "mail", "x");
        JobId otherQueue = deadJob("Mail.send", "bulk", "y");
        JobId cancelled = enqueue(job().name("Mail.send").queue("mail").build()).id();
        backend.cancel(cancelled);

        assertThat(backend.retryDead(Optional.of("Mail.send"), Optional.of("mail")))
                .isEqualTo(25);

        mail.forEach(id -> assertThat(state(id)).as("job " + id).isEqualTo(JobState.AVAILABLE));
        assertThat(state(otherName)).isEqualTo(JobState.DEAD);
        assertThat(state(otherQueue)).isEqualTo(JobState.DEAD);
        assertThat(state(cancelled)).isEqualTo(JobState.CANCELLED);
        assertThat(backend.retryDead(Optional.empty(), Optional.empty())).isEqualTo(2);
        assertThat(state(otherQueue)).isEqualTo(JobState.AVAILABLE);
        assertThat(backend.retryDead(Optional.empty(), Optional.empty())).isZero();
    }

    @Test
    void delete_removesAWaitingOrFinishedJob_andRefusesARunningOne_namingIt() {
        JobId waiting = enqueue(job().queue("mail").uniqueKey("k").build()).id();
        JobId dead = deadJob("Mail.send", "dead", "gone");
        JobId running = enqueue(job().queue("img").build()).id();
        claimOne("img");
        CompletableFuture<dev.errand.spi.Outcome> waiter = backend.outcome(waiting);

        assertThat(backend.delete(waiting)).isTrue();
        assertThat(backend.delete(dead)).isTrue();
        assertThatThrownBy(() -> backend.delete(running))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(running.value())
                .hasMessageContaining(OWNER);

        assertThat(backend.find(waiting)).isEmpty();
        assertThat(backend.find(dead)).isEmpty();
        assertThat(state(running)).isEqualTo(JobState.RUNNING);
        assertThat(backend.delete(waiting)).isFalse();
        assertThat(claim("mail", 10)).isEmpty();
        assertThat(enqueue(job().queue("mail").uniqueKey("k").build()).duplicate())
                .as("the key is free")
                .isFalse();
        assertThat(waiter)
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(Exception.class)
                .withRootCauseInstanceOf(NoSuchElementException.class);
    }

    @Test
    void purgeFinished_deletesOnlyJobsThatFinishedBeforeTheCutoff() {
        JobId old = deadJob("Mail.send", "mail", "old");
        JobId oldDone = enqueue(job().queue("done").build()).id();
        assertThat(backend.complete(claimOne("done").lease(), null)).isTrue();
        clock.advance(Duration.ofMinutes(2));
        JobId recent = deadJob("Mail.send", "mail", "recent");
        JobId waiting = enqueue(job().queue("mail").build()).id();

        assertThat(backend.purgeFinished(T0.plus(Duration.ofMinutes(1)))).isEqualTo(2);

        assertThat(backend.find(old)).isEmpty();
        assertThat(backend.find(oldDone)).isEmpty();
        assertThat(state(recent)).isEqualTo(JobState.DEAD);
        assertThat(state(waiting)).isEqualTo(JobState.AVAILABLE);
        assertThat(backend.purgeFinished(T0.plus(Duration.ofMinutes(1)))).isZero();
    }

    @Test
    void pause_isSharedByThePausedSet_andAPausedQueueStillAcceptsJobs() {
        assertThat(backend.pausedQueues()).isEmpty();

        backend.pause("mail");
        backend.pause("mail");
        backend.pause("never-used");
        JobId id = enqueue(job().queue("mail").build()).id();

        assertThat(backend.pausedQueues()).containsExactlyInAnyOrder("mail", "never-used");
        assertThat(state(id)).isEqualTo(JobState.AVAILABLE);
        backend.resume("mail");
        backend.resume("not-paused");
        assertThat(backend.pausedQueues()).containsExactly("never-used");
    }
}
