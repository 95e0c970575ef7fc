package dev.errand;

import dev.errand.job.JobId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The result of a submitted job, later. Completes with the job's value, or exceptionally with
 * {@link JobFailedException} when the job ends dead, or {@link CancellationException} when it is
 * cancelled. {@link #cancel} cancels the job itself if it has not started yet.
 *
 * <p>To run many jobs in parallel and wait for all of them:
 * <pre>{@code
 * List<JobFuture<Summary>> futures = errand.submitAll(urls.stream().map(jobs::fetchSummary).toList());
 * List<Summary> summaries = JobFuture.awaitAll(futures, Duration.ofSeconds(30));   // fail-fast
 * List<Settled<Summary>> each = JobFuture.settleAll(futures, Duration.ofSeconds(30)); // collect all
 * }</pre>
 */
public final class JobFuture<R> extends CompletableFuture<R> {
    private final JobId id;
    private final String jobName;
    private final Predicate<JobId> canceller;
    private final java.util.function.Function<JobId, String> describer;

    JobFuture(
            JobId id,
            String jobName,
            Predicate<JobId> canceller,
            java.util.function.Function<JobId, String> describer) {
        this.id = id;
        this.jobName = jobName;
        this.canceller = canceller;
        this.describer = describer;
    }

    public JobId id() {
        return id;
    }

    public String jobName() {
        return jobName;
    }

    /**
     * Cancels the job if it has not started; returns false when it is already running or done
     * (a running job is never interrupted from the client).
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return false;
        }
        if (!canceller.test(id)) {
            return false;
        }
        // The backend may already have settled this future as cancelled through its outcome.
        return super.cancel(false) || isCancelled();
    }

    /** Waits for the value; throws {@link JobFailedException}, {@link JobTimeoutException} or {@link CancellationException}. */
    public R await(Duration timeout) {
        try {
            return get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw JobTimeoutException.waiting(id, jobName, timeout, describer.apply(id));
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for job " + jobName + " (id " + id + ")");
        }
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    /**
     * Waits for every future within {@code timeout} and returns their values in order. Fails
     * fast: the first job that ends dead throws its {@link JobFailedException} at once (the other
     * jobs keep running).
     */
    public static <R> List<R> awaitAll(List<? extends JobFuture<? extends R>> futures, Duration timeout) {
        CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
        CompletableFuture<Void> firstFailure = new CompletableFuture<>();
        for (JobFuture<? extends R> f : futures) {
            f.whenComplete((v, e) -> {
                if (e != null) {
                    firstFailure.completeExceptionally(e);
                }
            });
        }
        try {
            CompletableFuture.anyOf(all, firstFailure).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            JobFuture<? extends R> pending =
                    futures.stream().filter(f -> !f.isDone()).findFirst().orElseThrow();
            long left = futures.stream().filter(f -> !f.isDone()).count();
            throw new JobTimeoutException(
                    pending.id,
                    left + " of " + futures.size() + " jobs did not finish within "
                            + dev.errand.config.Durations.format(timeout) + ", the first being " + pending.jobName
                            + " (id "
                            + pending.id + ", " + pending.describer.apply(pending.id) + "); they were not cancelled");
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for " + futures.size() + " jobs");
        }
        List<R> values = new ArrayList<>(futures.size());
        for (JobFuture<? extends R> f : futures) {
            values.add(f.join());
        }
        return values;
    }

    /**
     * Waits for every future within {@code timeout} and returns each outcome in order, failures
     * included; jobs still unfinished at the deadline settle as {@link JobTimeoutException}.
     */
    public static <R> List<Settled<R>> settleAll(List<? extends JobFuture<? extends R>> futures, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Settled<R>> settled = new ArrayList<>(futures.size());
        for (JobFuture<? extends R> f : futures) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                settled.add(new Settled<>(f.id, f.await(Duration.ofNanos(left)), null));
            } catch (JobFailedException | JobTimeoutException | CancellationException e) {
                settled.add(new Settled<>(f.id, null, e));
            }
        }
        return settled;
    }

    private static RuntimeException rethrow(Throwable cause) {
        Throwable c = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof JobFailedException failed) {
            // A fresh exception so the stack shows the caller's await, with the worker's error intact.
            return new JobFailedException(failed.jobId(), failed.jobName(), failed.error());
        }
        if (c instanceof RuntimeException r) {
            return r;
        }
        return new CompletionException(c);
    }
}
