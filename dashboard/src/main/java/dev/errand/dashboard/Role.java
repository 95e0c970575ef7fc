package dev.errand.dashboard;

/** What a dashboard user may do. */
public enum Role {
    /** Sees every page and may retry, cancel, delete, pause and resume. */
    OPERATOR,
    /** Sees every page; every action is refused (403). */
    VIEWER;

    boolean mayAct() {
        return this == OPERATOR;
    }
}
