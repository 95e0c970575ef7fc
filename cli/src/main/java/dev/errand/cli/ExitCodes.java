package dev.errand.cli;

/** The exit codes of every {@code errand} command. */
public final class ExitCodes {
    /** The command did what it was asked. */
    public static final int OK = 0;
    /** The command ran but found nothing or met bad input: a missing or unreadable file, a log without timing lines. */
    public static final int FAILED = 1;
    /** The command line was wrong: an unknown option, a bad value (picocli's own code for invalid input). */
    public static final int USAGE = 2;

    private ExitCodes() {}
}
