package dev.errand.manager;

/**
 * What a child process and the manager tell each other, one line per message.
 *
 * <p>Child → parent, on the child's standard output (anything else it prints, and its standard
 * error, goes to the manager log as child output):
 * <pre>
 * errand:ready host:pid:name      the worker runs
 * errand:jobs 42                  jobs done so far (sent when the count changes, at most every 200 ms)
 * errand:timing ts=... fn=...     one timing-log line, appended by the parent to the timing log
 * errand:stopping limit|stop|parent-gone|signal   why the child stops claiming
 * errand:stopped 42               the worker finished its jobs; the process exits next
 * </pre>
 * Parent → child, on the child's standard input: {@code stop} asks for a graceful stop. The
 * parent holds the other end of that pipe; when the parent dies, the child reads end-of-file and
 * stops too, so no orphan keeps claiming jobs.
 */
public final class ChildProtocol {
    public static final String READY = "errand:ready";
    public static final String JOBS = "errand:jobs";
    public static final String TIMING = "errand:timing";
    public static final String STOPPING = "errand:stopping";
    public static final String STOPPED = "errand:stopped";
    public static final String STOP = "stop";

    private ChildProtocol() {}
}
