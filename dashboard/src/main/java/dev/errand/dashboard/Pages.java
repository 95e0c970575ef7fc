package dev.errand.dashboard;

import dev.errand.job.JobInfo;
import dev.errand.manager.ManagerStatus;
import dev.errand.spi.JobPage;
import java.util.List;

/** The model of each template: one record per page, built by {@link DashboardHandler}. */
final class Pages {
    private Pages() {}

    /** What every page's frame shows: navigation, who is signed in, the form token, the refresh interval. */
    record Chrome(
            String title,
            String nav,
            String user,
            boolean mayAct,
            boolean authenticated,
            String csrf,
            String backend,
            boolean hasManager,
            long refreshSeconds,
            boolean operations) {}

    record OverviewPage(
            Chrome chrome, Overview.Snapshot snapshot, LiveTiming.View timing, String updated, String stale) {}

    record JobRow(JobInfo info, String enqueuedAt, String lastError) {}

    record JobsPage(Chrome chrome, JobFilter filter, List<JobRow> jobs, String next, String first, JobPage page) {}

    record JobPageModel(Chrome chrome, JobDetail job, String notice) {}

    /** A confirmation before an action: what it does, and the form that does it. */
    record ConfirmPage(Chrome chrome, String action, String question, String detail, List<Field> fields, String back) {}

    record Field(String name, String value) {}

    record DonePage(Chrome chrome, String message, String back, String backLabel) {}

    record ManagerPage(Chrome chrome, ManagerStatus status, String absent, String file) {}

    /** For a backend without the operator's calls: what it can show, what not, and why. */
    record LimitsPage(Chrome chrome, String why) {}

    record ErrorPage(Chrome chrome, int status, String message) {}
}
