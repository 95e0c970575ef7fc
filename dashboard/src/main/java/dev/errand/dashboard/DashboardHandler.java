package dev.errand.dashboard;

import dev.errand.Errand;
import dev.errand.job.JobId;
import dev.errand.job.JobInfo;
import dev.errand.spi.Capability;
import dev.errand.spi.JobPage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every page and action of the dashboard. Each request is authenticated first (when users are configured), every
 * response carries a strict Content-Security-Policy, and every POST must carry the form token and come from a user
 * who may act.
 */
final class DashboardHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardHandler.class);
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    static final int MAX_FORM_FIELDS = 8;
    private static final java.util.Set<String> LOOPBACK_NAMES =
            java.util.Set.of("127.0.0.1", "localhost", "[::1]", "::1");
    static final int MAX_FORM_BYTES = 4096;

    private final Errand errand;
    private final DashboardOptions options;
    private final Authenticator auth;
    private final ClientAddress clients;
    /** Whether the backend takes the operator's calls; without them only its queue status is shown. */
    private final boolean operations;

    private final CsrfTokens csrf = new CsrfTokens();
    private final Audit audit;
    private final Overview overview;
    private final LiveTiming timing;
    private final Templates templates = new Templates();
    private final Actions actions;

    DashboardHandler(Errand errand, DashboardOptions options) {
        this.errand = errand;
        this.options = options;
        this.auth = new Authenticator(options.users(), options.tokens());
        this.clients = new ClientAddress(options.trustedProxies());
        this.operations = errand.backend().capabilities().contains(Capability.OPERATIONS);
        this.audit = new Audit(options.audit());
        this.overview = new Overview(errand, options.clock(), options.refresh(), operations);
        TimingFeed feed = options.timing();
        TimingFile file = null;
        if (options.timingLog() != null) {
            feed = new TimingFeed();
            file = new TimingFile(options.timingLog(), feed);
        }
        this.timing = new LiveTiming(feed, file, options.clock(), options.refresh());
        this.actions = new Actions(errand.admin());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        var headers = response.getHeaders();
        headers.put("Content-Security-Policy", CSP);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        if (!auth.enabled() && !LOOPBACK_NAMES.contains(Request.getServerName(request))) {
            // Without users only pages asked for by a loopback name are served: a site whose name an attacker points
            // at 127.0.0.1 (DNS rebinding) must not read them, nor the form token in them.
            send(
                    response,
                    callback,
                    HttpStatus.MISDIRECTED_REQUEST_421,
                    "text/plain",
                    "This dashboard has no users or tokens, so it answers only to http://127.0.0.1 or http://localhost.");
            return true;
        }
        Optional<Principal> who = auth.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (who.isEmpty()) {
            auth.challenges().forEach(c -> headers.add(HttpHeader.WWW_AUTHENTICATE, c));
            send(response, callback, HttpStatus.UNAUTHORIZED_401, "text/plain", "Sign in to see the Errand dashboard.");
            return true;
        }
        Principal user = who.get();
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        try {
            if (path.startsWith("/assets/") && HttpMethod.GET.is(method)) {
                asset(path.substring("/assets/".length()), response, callback);
            } else if (HttpMethod.GET.is(method)) {
                get(path, new Params(Request.extractQueryParameters(request)), user, request, response, callback);
            } else if (HttpMethod.POST.is(method) && path.startsWith("/actions/")) {
                post(path.substring("/actions/".length()), request, user, response, callback);
            } else {
                error(
                        response,
                        callback,
                        user,
                        HttpStatus.METHOD_NOT_ALLOWED_405,
                        method + " " + path + " is not a page");
            }
        } catch (BadInput e) {
            error(response, callback, user, HttpStatus.BAD_REQUEST_400, e.getMessage());
        } catch (RuntimeException e) {
            // The backend may be down or restarting: say so, keep serving, log the cause (never into the page).
            LOG.warn("dashboard request {} {} failed", method, path, e);
            error(
                    response,
                    callback,
                    user,
                    HttpStatus.SERVICE_UNAVAILABLE_503,
                    "The " + errand.backend().name() + " backend did not answer ("
                            + e.getClass().getSimpleName()
                            + "). The page retries on its own; see the dashboard's log for the cause.");
        }
        return true;
    }

    private void get(String path, Params p, Principal user, Request request, Response response, Callback callback)
            throws BadInput {
        if (!operations && (path.equals("/jobs") || path.startsWith("/jobs/") || path.equals("/confirm"))) {
            html(response, callback, 200, "limits", new Pages.LimitsPage(chrome(user, "Jobs", "jobs"), limits()));
            return;
        }
        switch (path) {
            case "/" -> html(response, callback, 200, "overview", overviewPage(user));
            case "/fragments/overview" -> html(response, callback, 200, "overviewBody", overviewPage(user));
            case "/jobs" -> html(response, callback, 200, "jobs", jobsPage(user, JobFilter.read(p)));
            case "/confirm" ->
                html(response, callback, 200, "confirm", actions.confirm(chrome(user, "Confirm", ""), p));
            case "/manager" -> html(response, callback, 200, "manager", managerPage(user));
            default -> {
                if (path.startsWith("/jobs/")) {
                    JobId id = Params.id(path.substring("/jobs/".length()));
                    Optional<JobInfo> info = errand.admin().job(id);
                    if (info.isEmpty()) {
                        error(
                                response,
                                callback,
                                user,
                                404,
                                "There is no job " + id.value()
                                        + " (it may have been deleted, or pruned after its retention).");
                        return;
                    }
                    html(
                            response,
                            callback,
                            200,
                            "job",
                            new Pages.JobPageModel(
                                    chrome(user, "Job " + id.value(), "jobs"), JobDetail.of(errand, info.get()), ""));
                } else {
                    error(response, callback, user, 404, "There is no page " + path + ".");
                }
            }
        }
    }

    private void post(String action, Request request, Principal user, Response response, Callback callback) {
        String remote = clients.describe(request);
        if (!operations) {
            audit.record(user.name(), remote, action, "-", "refused-unsupported");
            error(response, callback, user, HttpStatus.NOT_IMPLEMENTED_501, limits());
            return;
        }
        Fields form;
        try {
            form = FormFields.getFields(request, MAX_FORM_FIELDS, MAX_FORM_BYTES);
        } catch (RuntimeException e) {
            error(
                    response,
                    callback,
                    user,
                    413,
                    "The form is larger than " + MAX_FORM_BYTES + " bytes or has more than " + MAX_FORM_FIELDS
                            + " fields.");
            return;
        }
        Params p = new Params(form);
        if (!csrf.valid(user.name(), p.text(CsrfTokens.FIELD).orElse(null))) {
            audit.record(user.name(), remote, action, "-", "refused-no-csrf-token");
            error(response, callback, user, 403, "This form has no valid token: reload the page and try again.");
            return;
        }
        if (!user.role().mayAct()) {
            audit.record(user.name(), remote, action, "-", "refused-read-only");
            error(response, callback, user, 403, "User " + user.name() + " may look but not act (read-only role).");
            return;
        }
        Actions.Done done = actions.perform(action, p);
        audit.record(user.name(), remote, action, done.target(), done.outcome());
        overview.invalidate();
        html(
                response,
                callback,
                done.status(),
                "done",
                new Pages.DonePage(chrome(user, "Done", ""), done.message(), done.back(), done.backLabel()));
    }

    /** Why this backend shows no jobs and takes no actions, in its own words where it has some. */
    private String limits() {
        String own = errand.backend().instead(Capability.OPERATIONS);
        return "The " + errand.backend().name() + " backend cannot list jobs, show one, count dead or finished jobs,"
                + " retry, cancel, delete or pause: "
                + (own != null ? own : "it offers no operator calls")
                + ". Run the workers on the memory, jdbc or redis backend for those.";
    }

    private Pages.OverviewPage overviewPage(Principal user) {
        Overview.View v = overview.view();
        String failed = v.failedAt() == null
                ? ""
                : "The " + errand.backend().name() + " backend did not answer at " + Fmt.time(v.failedAt())
                        + "; these counts are from " + Fmt.time(v.snapshot().at()) + ".";
        return new Pages.OverviewPage(
                chrome(user, "Overview", "overview"),
                v.snapshot(),
                timing.view(),
                Fmt.time(v.snapshot().at()),
                failed);
    }

    @Override
    protected void doStop() throws Exception {
        overview.close();
        super.doStop();
    }

    private Pages.JobsPage jobsPage(Principal user, JobFilter filter) {
        JobPage page = errand.admin().jobs(filter.query());
        List<Pages.JobRow> rows = new ArrayList<>(page.jobs().size());
        for (JobInfo j : page.jobs()) {
            rows.add(new Pages.JobRow(
                    j,
                    Fmt.time(j.enqueuedAt()),
                    j.lastError().map(e -> e.type() + ": " + e.message()).orElse("")));
        }
        return new Pages.JobsPage(
                chrome(user, "Jobs", "jobs"),
                filter,
                rows,
                page.next().map(filter::link).orElse(""),
                filter.after().isPresent() ? filter.link(null) : "",
                page);
    }

    private Pages.ManagerPage managerPage(Principal user) {
        Pages.Chrome chrome = chrome(user, "Manager", "manager");
        if (options.managerStatus() == null) {
            return new Pages.ManagerPage(
                    chrome,
                    null,
                    "This dashboard was not started by the worker manager nor given its status file"
                            + " (errand dashboard --manager-status FILE).",
                    "");
        }
        try {
            var status = new dev.errand.manager.ControlChannel(options.managerStatus()).read();
            return new Pages.ManagerPage(
                    chrome,
                    status.orElse(null),
                    status.isPresent() ? "" : "The manager has not written its status file yet.",
                    options.managerStatus().toString());
        } catch (IOException e) {
            return new Pages.ManagerPage(
                    chrome,
                    null,
                    "Cannot read the manager's status file: " + e.getMessage(),
                    options.managerStatus().toString());
        }
    }

    Pages.Chrome chrome(Principal user, String title, String nav) {
        return new Pages.Chrome(
                title,
                nav,
                user.name(),
                user.role().mayAct(),
                auth.enabled(),
                csrf.tokenFor(user.name()),
                errand.backend().name(),
                options.managerStatus() != null,
                options.refresh().toSeconds(),
                operations);
    }

    private void error(Response response, Callback callback, Principal user, int status, String message) {
        html(
                response,
                callback,
                status,
                "error",
                new Pages.ErrorPage(chrome(user, "Error " + status, ""), status, message));
    }

    private void html(Response response, Callback callback, int status, String template, Object model) {
        send(response, callback, status, "text/html; charset=utf-8", templates.render(template, model));
    }

    private static final Map<String, String> ASSETS = Map.of(
            "dashboard.css", "text/css; charset=utf-8",
            "htmx-2.0.11.min.js", "text/javascript; charset=utf-8",
            "htmx-LICENSE.txt", "text/plain; charset=utf-8");

    private void asset(String name, Response response, Callback callback) {
        String type = ASSETS.get(name);
        if (type == null) {
            send(response, callback, 404, "text/plain", "no such asset");
            return;
        }
        try (var in = DashboardHandler.class.getResourceAsStream("assets/" + name)) {
            byte[] body = in.readAllBytes();
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "max-age=3600");
            response.write(true, ByteBuffer.wrap(body), callback);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the dashboard jar lacks its asset " + name + "; rebuild it", e);
        }
    }

    private static void send(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
