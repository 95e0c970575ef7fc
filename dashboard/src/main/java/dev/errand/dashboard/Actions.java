package dev.errand.dashboard;

import dev.errand.Operations;
import dev.errand.job.JobId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operator's actions: a confirmation page that says what will happen, then the POST that does it. Each action
 * reads only the typed fields it needs.
 */
final class Actions {
    /** How an action ended: for the page, and for the audit line ({@code target}, {@code outcome}). */
    record Done(int status, String target, String outcome, String message, String back, String backLabel) {}

    private final Operations admin;

    Actions(Operations admin) {
        this.admin = admin;
    }

    Pages.ConfirmPage confirm(Pages.Chrome chrome, Params p) {
        String action = p.text("action").orElseThrow(() -> new BadInput("parameter action is missing"));
        List<Pages.Field> fields = new ArrayList<>();
        return switch (action) {
            case "retry", "cancel", "delete" -> {
                JobId id = p.jobId("job");
                fields.add(new Pages.Field("job", id.value()));
                String detail = switch (action) {
                    case "retry" -> "It runs again now, with as many further attempts as it had; its errors are kept.";
                    case "cancel" -> "It will not run. A job that a worker already started cannot be cancelled.";
                    default -> "It is removed with its errors and result. This cannot be undone.";
                };
                yield new Pages.ConfirmPage(
                        chrome,
                        action,
                        capital(action) + " job " + id.value() + "?",
                        detail,
                        fields,
                        "/jobs/" + id.value());
            }
            case "retry-dead" -> {
                Optional<String> queue = p.queue("queue");
                Optional<String> name = p.jobName("name");
                queue.ifPresent(q -> fields.add(new Pages.Field("queue", q)));
                name.ifPresent(n -> fields.add(new Pages.Field("name", n)));
                yield new Pages.ConfirmPage(
                        chrome,
                        action,
                        "Retry every dead job" + scope(queue, name) + "?",
                        "Each runs again now with a new attempt budget. A dead job whose unique key another job holds"
                                + " stays dead.",
                        fields,
                        "/");
            }
            case "pause", "resume" -> {
                String queue = p.queue("queue").orElseThrow(() -> new BadInput("parameter queue is missing"));
                fields.add(new Pages.Field("queue", queue));
                yield new Pages.ConfirmPage(
                        chrome,
                        action,
                        capital(action) + " queue " + queue + "?",
                        action.equals("pause")
                                ? "Every worker stops claiming from it within a second; running jobs finish and new"
                                        + " jobs are still accepted."
                                : "Workers claim from it again within a second.",
                        fields,
                        "/");
            }
            default ->
                throw new BadInput(
                        "unknown action " + action + ": one of retry, cancel, delete, retry-dead, pause, resume");
        };
    }

    Done perform(String action, Params p) {
        return switch (action) {
            case "retry" -> onJob(action, p.jobId("job"));
            case "cancel" -> onJob(action, p.jobId("job"));
            case "delete" -> onJob(action, p.jobId("job"));
            case "retry-dead" -> {
                Optional<String> queue = p.queue("queue");
                Optional<String> name = p.jobName("name");
                int n = admin.retryDead(name.orElse(null), queue.orElse(null));
                yield new Done(
                        200,
                        "queue=" + queue.orElse("*") + " name=" + name.orElse("*"),
                        "ok retried=" + n,
                        "Retried " + n + " dead job" + (n == 1 ? "" : "s") + scope(queue, name) + ".",
                        "/jobs?state=AVAILABLE" + queue.map(q -> "&queue=" + q).orElse(""),
                        "See them");
            }
            case "pause", "resume" -> {
                String queue = p.queue("queue").orElseThrow(() -> new BadInput("parameter queue is missing"));
                if (action.equals("pause")) {
                    admin.pause(queue);
                } else {
                    admin.resume(queue);
                }
                yield new Done(
                        200,
                        "queue=" + queue,
                        "ok",
                        (action.equals("pause") ? "Paused" : "Resumed") + " queue " + queue + ".",
                        "/",
                        "Back to the overview");
            }
            default -> throw new BadInput("unknown action " + action);
        };
    }

    private Done onJob(String action, JobId id) {
        String target = "job=" + id.value();
        String back = "/jobs/" + id.value();
        try {
            boolean done = switch (action) {
                case "retry" -> admin.retry(id);
                case "cancel" -> admin.cancel(id);
                default -> admin.delete(id);
            };
            if (!done && action.equals("cancel")) {
                return new Done(
                        409,
                        target,
                        "refused-not-cancellable",
                        "Job " + id.value() + " was not cancelled: it is running, finished, or gone.",
                        back,
                        "Back to the job");
            }
            if (!done) {
                return new Done(
                        404, target, "not-found", "There is no job " + id.value() + ".", "/jobs", "Back to the jobs");
            }
            String past = switch (action) {
                case "retry" -> "Retried";
                case "cancel" -> "Cancelled";
                default -> "Deleted";
            };
            return new Done(
                    200,
                    target,
                    "ok",
                    past + " job " + id.value() + ".",
                    action.equals("delete") ? "/jobs" : back,
                    action.equals("delete") ? "Back to the jobs" : "See the job");
        } catch (IllegalStateException e) {
            // The backend's message names the job and its state (e.g. a running job cannot be deleted).
            return new Done(409, target, "refused", e.getMessage(), back, "Back to the job");
        }
    }

    private static String scope(Optional<String> queue, Optional<String> name) {
        return queue.map(q -> " on queue " + q).orElse("")
                + name.map(n -> " of job " + n).orElse("");
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
