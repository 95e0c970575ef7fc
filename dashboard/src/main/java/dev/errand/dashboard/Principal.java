package dev.errand.dashboard;

/** Who a request runs as: a user of basic authentication, a bearer token (by its name), or the local operator. */
record Principal(String name, Role role) {
    /** The user a request runs as when authentication is off (the dashboard listens on loopback only). */
    static final Principal LOCAL = new Principal("local", Role.OPERATOR);
}
