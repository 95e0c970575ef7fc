package dev.errand.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Whom a request's {@code Authorization} header proves: a basic-auth user or a bearer token; anyone when neither is set up. */
final class Authenticator {
    private static final String REALM = " realm=\"Errand dashboard\"";
    private final BasicAuth basic;
    private final BearerTokens bearer;

    Authenticator(List<DashboardUser> users, List<DashboardToken> tokens) {
        this.basic = new BasicAuth(users);
        this.bearer = new BearerTokens(tokens);
    }

    boolean enabled() {
        return basic.enabled() || bearer.enabled();
    }

    Optional<Principal> authenticate(String header) {
        if (!enabled()) {
            return Optional.of(Principal.LOCAL);
        }
        if (header == null || header.length() > 1024) {
            return Optional.empty();
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return bearer.enabled() ? bearer.authenticate(header.substring(7).trim()) : Optional.empty();
        }
        return basic.enabled() ? basic.authenticate(header) : Optional.empty();
    }

    /** The {@code WWW-Authenticate} challenges of a 401: one per scheme set up. */
    List<String> challenges() {
        List<String> c = new ArrayList<>(2);
        if (basic.enabled()) {
            c.add("Basic" + REALM + ", charset=\"UTF-8\"");
        }
        if (bearer.enabled()) {
            c.add("Bearer" + REALM);
        }
        return c;
    }
}
